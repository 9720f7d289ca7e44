// The CPU time a synchronous call used, for the tests that bound how much work a function does on
// adversarial input (catastrophic regex backtracking, quadratic scans). Wall-clock time would also
// count the time other processes held the core, which makes such a bound fail on a busy machine;
// the process's own CPU time does not grow with the machine's load.
export function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

// The one YAML reader (language files, front matter): js-yaml with the YAML 1.2 core schema, so
// `no` and `on` stay words and a duplicate key is an error. js-yaml, not the `yaml` package: the
// language files are ~100 KB read at every start, and it parses them about nine times faster.
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';

/** Parses `text`; a syntax error becomes an Error naming `what` and the line. */
export function readYaml(text: string, what: string): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch (err) {
    throw new Error(`${what}: ${err instanceof YAMLException ? err.message : String(err)}`, { cause: err });
  }
}

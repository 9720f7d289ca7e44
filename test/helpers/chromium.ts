// Which Chromium the browser test drives; the first one found wins:
//   1. CHROMIUM_PATH, when set (it must exist: a wrong path is an error, not a fallback);
//   2. Debian's /usr/bin/chromium (`apt-get install -y chromium`);
//   3. @sparticuz/chromium, a headless Chromium from the npm registry (a devDependency), for a
//      machine without Debian's package. Its binary is unpacked into the temp directory on first
//      use. It also ships the NSS libraries (and the few others it needs) that a bare Debian lacks;
//      they are unpacked beside it and put on the browser's LD_LIBRARY_PATH, the browser's only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export interface FoundChromium {
  executablePath: string;
  /** Where it came from, said in the test's output. */
  source: string;
  /** The browser process's environment. */
  env: Record<string, string | undefined>;
}

export async function findChromium(): Promise<FoundChromium> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is set to ${configured}, which does not exist`);
    return { executablePath: configured, source: `CHROMIUM_PATH (${configured})`, env: process.env };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, source: `Debian's chromium (${DEBIAN_CHROMIUM})`, env: process.env };
  return registryChromium();
}

async function registryChromium(): Promise<FoundChromium> {
  const { default: chromium } = await import('@sparticuz/chromium');
  chromium.setGraphicsMode = false; // no WebGL: the pages under test draw none
  const executablePath = await chromium.executablePath();
  const packageRoot = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const libraries = unpackLibraries(join(packageRoot, 'bin', 'al2023.tar.br'), join(tmpdir(), `parley-chromium-${version}-libs`));
  return {
    executablePath,
    source: `@sparticuz/chromium ${version} (${executablePath}, libraries from ${libraries})`,
    env: {
      ...process.env,
      LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      // The fonts and their fonts.conf that executablePath() unpacked (a bare Debian has no fontconfig).
      FONTCONFIG_PATH: join(tmpdir(), 'fonts'),
    },
  };
}

/**
 * Unpacks the package's library bundle (a brotli-compressed tar of lib/*.so) once; returns its lib
 * directory. It is unpacked elsewhere and renamed into place, so a concurrent run never sees half.
 */
function unpackLibraries(bundle: string, target: string): string {
  const lib = join(target, 'lib');
  if (existsSync(lib)) return lib;
  const staging = mkdtempSync(`${target}-`);
  try {
    const untar = spawnSync('tar', ['-x', '-C', staging], { input: brotliDecompressSync(readFileSync(bundle)), timeout: 60_000 });
    if (untar.status !== 0) throw new Error(`could not unpack ${bundle}: ${untar.stderr?.toString() || untar.error?.message}`);
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(lib)) throw err; // another run put it in place first
  }
  return lib;
}

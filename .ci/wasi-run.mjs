#!/usr/bin/env node
// Runs a wasm32-wasip1 program (a test binary, an example) under Node's built-in WASI, as cargo's
// `runner` for that target (see `.cargo/config.toml`): `node .ci/wasi-run.mjs prog.wasm [args…]`.
//
// The program gets its arguments (so libtest filters and `--skip` work), the environment, and
// read/write access to the current directory (cargo runs tests from the package root), preopened
// under its absolute path and as `.`, so both `env!("CARGO_MANIFEST_DIR")` paths and relative
// paths resolve. Exits with the program's exit code; a trap (a panic aborts on this target) exits
// with 101, as a panicking native test binary does.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import process from 'node:process';

// `node:wasi` prints an ExperimentalWarning on import; keep stderr for the program's own output.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'ExperimentalWarning' && String(warning).includes('WASI')) return;
  emitWarning.call(process, warning, ...rest);
};
const { WASI } = await import('node:wasi');

const [wasmPath, ...args] = process.argv.slice(2);
if (!wasmPath) {
  console.error('usage: node .ci/wasi-run.mjs <program.wasm> [args…]');
  process.exit(2);
}

const cwd = process.cwd();
const wasi = new WASI({
  version: 'preview1',
  args: [basename(wasmPath), ...args],
  env: process.env,
  preopens: { [cwd]: cwd, '.': cwd },
  returnOnExit: true,
});

let code;
try {
  const module = await WebAssembly.compile(await readFile(wasmPath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  code = wasi.start(instance);
} catch (error) {
  // A panic aborts (wasm has no unwinding), so libtest cannot report the failing test itself, and
  // the panic message it captured is lost.
  console.error(`\nwasi-run: ${basename(wasmPath)} trapped (${error?.message ?? error}): a panic aborts the`);
  console.error('whole run on this target; rerun with `-- --nocapture` to see the panic message.');
  code = 101;
}
process.exitCode = code;

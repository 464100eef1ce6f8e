// Debian's own armhf, arm64 and mipsel programs under tsemu and qemu-user, compared live: both run
// the same binary from the sysroot that scripts/fetch-debian-sysroot.sh unpacks (busybox-static,
// coreutils, bash, lua5.4, python3-minimal with libpython3.11-stdlib, sqlite3, gzip, xz-utils), with
// -L that sysroot, in the same fresh directory (made anew, with the same files, for each run), and
// must agree on stdout, stderr and exit status. armhf runs under tsemu-arm against qemu-arm, arm64
// under tsemu-aarch64 against qemu-aarch64, mipsel (MIPS o32 little endian, MIPS32r2 with FPU)
// under tsemu-mipsel against qemu-mipsel; every case runs on each.
//
// Environment:
//   TSEMU_ARMHF_SYSROOT   the armhf sysroot (default /opt/tsemu-sysroot-armhf)
//   TSEMU_ARM64_SYSROOT   the arm64 sysroot (default /opt/tsemu-sysroot-arm64)
//   TSEMU_MIPSEL_SYSROOT  the mipsel sysroot (default /opt/tsemu-sysroot-mipsel); an arch's suite is
//                         skipped, saying so, when its sysroot is missing
//   TSEMU_ARM, TSEMU_AARCH64, TSEMU_MIPSEL  command instead of `node bin/tsemu-<arch>`
//                         (test/helpers/run-guest.ts); TSEMU_MIPSEL=qemu-mipsel checks the harness
//   TSEMU_REAL_CASES      run only these cases (comma-separated names)
//   TSEMU_REAL_ARCHES     run only these Debian arches (armhf, arm64, mipsel)
//   TSEMU_REAL_TIMEOUT_MS per-run time limit (default 120000; python3's start-up takes seconds of CPU
//                         under tsemu, so a machine shared with other work may need more)
// The oracles are `qemu-arm -cpu cortex-a15` (an ARMv7-A like tsemu-arm),
// `qemu-aarch64 -cpu cortex-a53` (ARMv8.0-A, no SVE) and qemu-mipsel with its default o32 CPU
// (24Kf: MIPS32r2 with FPU): run-guest.ts oracleArgs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { baseEnv, describeDiff, qemuRunner, type Runner, tsemuRunner } from './helpers/run-guest.ts';

interface Target {
  /** Debian architecture of the sysroot. */
  debArch: string;
  /** Emulator arch: tsemu-<arch>, qemu-<arch>. */
  arch: string;
  sysroot: string;
}
const TARGETS: Target[] = [
  { debArch: 'armhf', arch: 'arm', sysroot: process.env.TSEMU_ARMHF_SYSROOT || '/opt/tsemu-sysroot-armhf' },
  { debArch: 'arm64', arch: 'aarch64', sysroot: process.env.TSEMU_ARM64_SYSROOT || '/opt/tsemu-sysroot-arm64' },
  { debArch: 'mipsel', arch: 'mipsel', sysroot: process.env.TSEMU_MIPSEL_SYSROOT || '/opt/tsemu-sysroot-mipsel' },
];
const only = process.env.TSEMU_REAL_CASES?.split(',').map((s) => s.trim()).filter(Boolean);
const onlyArches = process.env.TSEMU_REAL_ARCHES?.split(',').map((s) => s.trim()).filter(Boolean);
const TIMEOUT_MS = Number(process.env.TSEMU_REAL_TIMEOUT_MS) || 120_000;

interface RealCase {
  name: string;
  /** argv; argv[0] is the program's path inside the sysroot. */
  argv: string[];
  stdin?: string;
  /** A file of the run's directory (made by files or setup) given as stdin instead. */
  stdinFile?: string;
  /** Files created in the run's directory before the run. */
  files?: Record<string, string>;
  /** Commands run under the oracle in that directory first (to make inputs such as a .xz). */
  setup?: string[][];
}

const TEXT = Array.from({ length: 40 }, (_, i) => `line ${i} ${'abcdefghij'.slice(0, (i * 7) % 11)} ${(i * 7919) % 1000}`).join('\n') + '\n';
const NUMBERS = ['42', '7', '-3', '1000', '15', '7', '0', '99'].join('\n') + '\n';
const TABLE = 'root:x:0:0:root\ndaemon:x:1:1:daemon\nbin:x:2:2:bin\nsys:x:3:3:sys\n';
const withText = { 'input.txt': TEXT };

const BB = '/bin/busybox';
const CASES: RealCase[] = [
  // busybox (static)
  { name: 'busybox-echo', argv: [BB, 'echo', 'hello', 'world'] },
  { name: 'busybox-seq', argv: [BB, 'seq', '1', '5', '40'] },
  { name: 'busybox-sh-loop', argv: [BB, 'sh', '-c', 'i=0; s=0; while [ $i -lt 20 ]; do s=$((s + i * i)); i=$((i + 1)); done; echo sum=$s; case abc in a*) echo glob;; esac'] },
  { name: 'busybox-awk', argv: [BB, 'awk', 'BEGIN { for (i = 1; i <= 10; i++) s += i * i; printf "%d %.6f %s\\n", s, sqrt(2), substr("emulator", 3, 4) }'] },
  { name: 'busybox-sed', argv: [BB, 'sed', '-e', 's/[aeiou]/_/g', '-e', '5q', 'input.txt'], files: withText },
  { name: 'busybox-sort-n', argv: [BB, 'sort', '-n', 'numbers.txt'], files: { 'numbers.txt': NUMBERS } },
  { name: 'busybox-sha256sum', argv: [BB, 'sha256sum', 'input.txt'], files: withText },
  { name: 'busybox-md5sum', argv: [BB, 'md5sum', 'input.txt'], files: withText },
  { name: 'busybox-wc', argv: [BB, 'wc', 'input.txt'], files: withText },
  { name: 'busybox-tr', argv: [BB, 'tr', 'a-z', 'A-Z'], stdin: 'the quick brown fox\n' },
  { name: 'busybox-od', argv: [BB, 'od', '-c', 'numbers.txt'], files: { 'numbers.txt': NUMBERS } },
  { name: 'busybox-expr', argv: [BB, 'expr', '6', '*', '7'] },
  { name: 'busybox-ls', argv: [BB, 'ls', '-1', '-a'], files: { 'b.txt': 'b', 'a.txt': 'a', '.hidden': '' } },
  // coreutils (dynamic)
  { name: 'coreutils-seq', argv: ['/usr/bin/seq', '-w', '1', '3', '20'] },
  { name: 'coreutils-echo', argv: ['/bin/echo', '-e', 'a\\tb\\x41'] },
  { name: 'coreutils-printf', argv: ['/usr/bin/printf', '%05.2f %x %s %e\\n', '3.14159', '255', 'str', '12345.678'] },
  { name: 'coreutils-sort-key', argv: ['/usr/bin/sort', '-t:', '-k3', '-n', '-r', 'table.txt'], files: { 'table.txt': TABLE } },
  { name: 'coreutils-uniq', argv: ['/usr/bin/uniq', '-c'], stdin: 'a\na\nb\nc\nc\nc\n' },
  { name: 'coreutils-wc', argv: ['/usr/bin/wc', '-l', '-w', '-c', 'input.txt'], files: withText },
  { name: 'coreutils-cut', argv: ['/usr/bin/cut', '-d:', '-f1,3', 'table.txt'], files: { 'table.txt': TABLE } },
  { name: 'coreutils-head-tail', argv: ['/usr/bin/tail', '-n', '3', 'input.txt'], files: withText },
  { name: 'coreutils-factor', argv: ['/usr/bin/factor', '1234567', '600851475143', '18446744073709551557'] },
  { name: 'coreutils-expr', argv: ['/usr/bin/expr', 'length', 'hello world'] },
  { name: 'coreutils-sha256sum', argv: ['/usr/bin/sha256sum', 'input.txt'], files: withText },
  { name: 'coreutils-md5sum', argv: ['/usr/bin/md5sum', 'input.txt'], files: withText },
  { name: 'coreutils-base64', argv: ['/usr/bin/base64', 'input.txt'], files: withText },
  { name: 'coreutils-od', argv: ['/usr/bin/od', '-A', 'd', '-t', 'x2', 'numbers.txt'], files: { 'numbers.txt': NUMBERS } },
  { name: 'coreutils-tac', argv: ['/usr/bin/tac', 'numbers.txt'], files: { 'numbers.txt': NUMBERS } },
  { name: 'coreutils-nl', argv: ['/usr/bin/nl', 'table.txt'], files: { 'table.txt': TABLE } },
  { name: 'coreutils-numfmt', argv: ['/usr/bin/numfmt', '--to=iec', '1048576', '123456789', '999'] },
  { name: 'coreutils-date', argv: ['/bin/date', '-u', '-d', '@1234567890', '+%Y-%m-%d %H:%M:%S %j %A'] },
  { name: 'coreutils-ls', argv: ['/bin/ls', '-1', '-a', '-p'], files: { 'b.txt': 'b', 'a.txt': 'a', 'sub/x': 'x' } },
  { name: 'coreutils-cat', argv: ['/bin/cat', 'table.txt', '-', 'table.txt'], stdin: '--\n', files: { 'table.txt': TABLE } },
  { name: 'coreutils-fold', argv: ['/usr/bin/fold', '-w', '12', 'input.txt'], files: withText },
  { name: 'coreutils-stat', argv: ['/usr/bin/stat', '-c', '%n %s %F', 'table.txt', 'sub'], files: { 'table.txt': TABLE, 'sub/x': 'x' } },
  // bash (builtins only: no fork yet)
  { name: 'bash-arith', argv: ['/bin/bash', '-c', 'for i in 1 2 3 4; do echo $((i * i)); done; echo $(( 2 ** 40 )) $(( -7 / 2 )) $(( 7 % -3 ))'] },
  { name: 'bash-strings', argv: ['/bin/bash', '-c', 'a=(x y z); echo ${#a[@]} ${a[1]}; s=hello; echo ${s^^} ${s:1:3} ${s/l/L}; declare -A m=([k]=v); echo ${m[k]}'] },
  { name: 'bash-function', argv: ['/bin/bash', '-c', 'fib() { local a=0 b=1 i t; for ((i = 0; i < $1; i++)); do t=$((a + b)); a=$b; b=$t; done; echo $a; }; fib 50; printf "%s-%d\\n" a 1 b 2'] },
  { name: 'bash-read', argv: ['/bin/bash', '-c', 'while IFS=: read -r name x uid rest; do echo "$uid=$name"; done < table.txt'], files: { 'table.txt': TABLE } },
  // lua5.4
  { name: 'lua-math', argv: ['/usr/bin/lua5.4', '-e', 'print(string.format("%.3f", math.pi), 2^53, 7 // 2, 7 % -3, math.maxinteger, 1e300 * 1e10)'] },
  { name: 'lua-tables', argv: ['/usr/bin/lua5.4', '-e', 'local t = {} for i = 1, 10 do t[i] = i * i end table.sort(t, function(a, b) return a > b end) print(table.concat(t, ","))'] },
  { name: 'lua-coroutines', argv: ['/usr/bin/lua5.4', '-e', 'local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * 10) end end) print(co(), co(), co())'] },
  { name: 'lua-strings', argv: ['/usr/bin/lua5.4', '-e', 'print(("hello world"):gsub("o", "0")) print(string.rep("ab", 3, "-"), ("%5.1f|%-5d|%q"):format(2.25, 42, "a\\nb"))'] },
  // python3-minimal
  { name: 'python-arith', argv: ['/usr/bin/python3.11', '-c', 'print(2**100, sum(range(1000)), 10/3, 7//-2, divmod(-7, 2), 0.1 + 0.2)'] },
  { name: 'python-re', argv: ['/usr/bin/python3.11', '-c', 'import re; print(re.sub(r"(\\w+)@(\\w+)", r"\\2 at \\1", "user@example and x@y"))'] },
  { name: 'python-collections', argv: ['/usr/bin/python3.11', '-c', 'd = {"b": 2, "a": 1}; print(sorted(d.items()), [x * x for x in range(10) if x % 2], {i: chr(65 + i) for i in range(3)})'] },
  { name: 'python-format', argv: ['/usr/bin/python3.11', '-c', 'print("%.10f" % (1 / 7), format(1234567.891, ",.2f"), hex(255), int("ff", 16), repr(1e-7), float("inf"))'] },
  { name: 'python-files', argv: ['/usr/bin/python3.11', '-c', 'import os\nwith open("out.txt", "w") as f: f.write("x" * 100)\nprint(os.path.getsize("out.txt"), sorted(os.listdir(".")))\nprint(open("table.txt").read().splitlines()[2])'], files: { 'table.txt': TABLE } },
  // sqlite3
  { name: 'sqlite-expr', argv: ['/usr/bin/sqlite3', ':memory:', 'select 1 + 1, upper("abc"), printf("%.2f", 3.14159), 7 / 2, 7.0 / 2;'] },
  { name: 'sqlite-stdin', argv: ['/usr/bin/sqlite3', ':memory:'], stdin: 'create table t(k text, v int);\ninsert into t values ("a", 1), ("b", 2), ("a", 3), ("c", 10);\nselect k, sum(v), count(*) from t group by k order by k;\n' },
  { name: 'sqlite-file', argv: ['/usr/bin/sqlite3', 'test.db'], stdin: 'create table n(x int);\nwith recursive c(i) as (select 1 union all select i + 1 from c where i < 500) insert into n select i from c;\nselect count(*), sum(x), max(x) from n;\npragma integrity_check;\n' },
  // gzip, xz
  { name: 'gzip-compress', argv: ['/bin/gzip', '-n', '-9', '-c', 'input.txt'], files: withText },
  { name: 'gzip-decompress', argv: ['/bin/gzip', '-d', '-c', 'input.txt.gz'], files: withText, setup: [['/bin/gzip', '-n', '-k', 'input.txt']] },
  { name: 'xz-compress', argv: ['/usr/bin/xz', '-c', '-6', 'input.txt'], files: withText },
  { name: 'xz-decompress', argv: ['/usr/bin/xz', '-d', '-c', 'input.txt.xz'], files: withText, setup: [['/usr/bin/xz', '-k', 'input.txt']] },
  // gzip and xz through stdin and stdout
  { name: 'gzip-stdin', argv: ['/bin/gzip', '-n', '-6'], stdin: TEXT.repeat(20) },
  { name: 'gzip-roundtrip', argv: ['/bin/gzip', '-d'], files: withText, setup: [['/bin/gzip', '-n', '-k', 'input.txt']], stdinFile: 'input.txt.gz' },
  { name: 'xz-stdin', argv: ['/usr/bin/xz', '-T1', '-3', '--check=crc64'], stdin: TEXT.repeat(20) },
  { name: 'xz-roundtrip', argv: ['/usr/bin/xz', '-d', '-T1'], files: withText, setup: [['/usr/bin/xz', '-k', '-e', '--check=sha256', 'input.txt']], stdinFile: 'input.txt.xz' },
  { name: 'xz-lzma', argv: ['/usr/bin/xz', '-d', '-c', '--format=lzma', 'input.txt.lzma'], files: withText, setup: [['/usr/bin/xz', '-k', '--format=lzma', 'input.txt']] },
  // more busybox and coreutils
  { name: 'busybox-date-epoch', argv: [BB, 'date', '-u', '-d', '@0'] },
  { name: 'busybox-factor', argv: [BB, 'factor', '1234567', '4294967291', '9999999967'] },
  { name: 'busybox-hexdump', argv: [BB, 'hexdump', '-C', 'numbers.txt'], files: { 'numbers.txt': NUMBERS } },
  { name: 'busybox-bzip2', argv: [BB, 'bzip2', '-c'], stdin: TEXT },
  { name: 'busybox-sh-functions', argv: [BB, 'sh', '-c', 'f() { local x=$1; echo "${x#*.}" "${x%%.*}" ${#x}; }; f a.b.c; set -- p q r; echo $# "$2"; IFS=,; s="1,2,3"; for v in $s; do printf "[%s]" "$v"; done; echo'] },
  { name: 'coreutils-date-epoch', argv: ['/bin/date', '-d', '@0', '-u'] },
  { name: 'coreutils-tr-squeeze', argv: ['/usr/bin/tr', '-s', 'a-z ', 'A-Z_'], stdin: 'hello    world  aaa bbb\n' },
  { name: 'coreutils-sort-unique', argv: ['/usr/bin/sort', '-u', '-r', 'input.txt'], files: withText },
  { name: 'coreutils-seq-float', argv: ['/usr/bin/seq', '-s', ' ', '0', '0.25', '3'] },
  { name: 'coreutils-sha512sum', argv: ['/usr/bin/sha512sum', 'input.txt', 'table.txt'], files: { ...withText, 'table.txt': TABLE } },
  { name: 'coreutils-cksum', argv: ['/usr/bin/cksum', 'input.txt'], files: withText },
  { name: 'coreutils-b2sum', argv: ['/usr/bin/b2sum', 'input.txt'], files: withText },
  { name: 'coreutils-expr-regex', argv: ['/usr/bin/expr', 'abc123def', ':', '[a-z]*\\([0-9]*\\)'] },
  { name: 'coreutils-od-types', argv: ['/usr/bin/od', '-A', 'x', '-t', 'x1z', '-t', 'd4', 'numbers.txt'], files: { 'numbers.txt': NUMBERS } },
  { name: 'coreutils-shuf', argv: ['/usr/bin/shuf', '-i', '1-20', '--random-source=input.txt'], files: withText },
  { name: 'coreutils-paste-join', argv: ['/usr/bin/join', '-t:', 'a.txt', 'b.txt'], files: { 'a.txt': '1:one\n2:two\n3:three\n', 'b.txt': '1:uno\n3:tres\n4:cuatro\n' } },
  // more bash (builtins only)
  { name: 'bash-regex', argv: ['/bin/bash', '-c', 's="key=value; n=42"; if [[ $s =~ n=([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; fi; [[ abc == a* ]] && echo glob; x=; echo "${x:-default}" "${#s}"'] },
  { name: 'bash-heredoc', argv: ['/bin/bash', '-c', 'while read -r a b; do echo "$b $a"; done <<EOF\none 1\ntwo 2\nthree 3\nEOF\nprintf -v out "%04d|%-4s|%x" 42 ab 255; echo "$out"'] },
  { name: 'bash-case-loop', argv: ['/bin/bash', '-c', 'for w in apple Banana 42 x-y ""; do case "$w" in [a-z]*) echo "lower $w";; [A-Z]*) echo "upper $w";; *[0-9]) echo "num $w";; "") echo empty;; *) echo "other $w";; esac; done; i=0; until (( i >= 3 )); do ((i++)); done; echo $i'] },
  // more lua
  { name: 'lua-patterns', argv: ['/usr/bin/lua5.4', '-e', 'for k, v in string.gmatch("a=1, b=22, c=333", "(%w+)=(%w+)") do io.write(k, ":", v, " ") end print() print(string.find("hello world", "o w"), string.match("2024-01-15", "(%d+)-(%d+)-(%d+)"))'] },
  { name: 'lua-integers', argv: ['/usr/bin/lua5.4', '-e', 'print(math.maxinteger + 1 == math.mininteger, 7 // 0.0, -7 // 2, 3 | 5, 3 ~ 5, 1 << 62, math.tointeger(3.0), 0x10p-1, string.pack(">i4", 258):byte(1, -1))'] },
  { name: 'lua-closures', argv: ['/usr/bin/lua5.4', '-e', 'local function counter() local n = 0 return function() n = n + 1 return n end end local c = counter() c() c() print(c(), select("#", 1, nil, 3), pcall(error, {code = 7}), tostring(nil))'] },
  // more python3
  { name: 'python-json', argv: ['/usr/bin/python3.11', '-c', 'import json; d = json.loads(\'{"a": [1, 2.5, null, true], "b": {"c": "\\u00e9"}}\'); print(d); print(json.dumps(d, sort_keys=True, indent=1))'] },
  { name: 'python-hashlib', argv: ['/usr/bin/python3.11', '-c', 'import hashlib\nfor n in ("md5", "sha1", "sha256", "sha512", "blake2b", "sha3_256"): print(n, hashlib.new(n, b"tsemu" * 100).hexdigest())'] },
  { name: 'python-struct', argv: ['/usr/bin/python3.11', '-c', 'import struct; b = struct.pack("<hIqdf?5s", -2, 4000000000, -1, 1.5, 0.1, True, b"ab"); print(b.hex(), struct.unpack("<hIqdf?5s", b), struct.calcsize("@bxhxi"))'] },
  { name: 'python-decimal', argv: ['/usr/bin/python3.11', '-c', 'from decimal import Decimal, getcontext; getcontext().prec = 40; print(Decimal(1) / Decimal(7), Decimal(2).sqrt(), Decimal("1.10") + Decimal("2.205"), round(Decimal("2.675"), 2))'] },
  { name: 'python-zlib', argv: ['/usr/bin/python3.11', '-c', 'import zlib, binascii; d = b"tsemu " * 500; c = zlib.compress(d, 9); print(len(c), zlib.crc32(d), zlib.adler32(d), zlib.decompress(c) == d, binascii.hexlify(c[:16]))'] },
  { name: 'python-math', argv: ['/usr/bin/python3.11', '-c', 'import math; print(math.factorial(30), math.gcd(2**64, 6**20), math.isqrt(10**30), math.sin(1.0), math.log(10), math.atan2(-1, -1), math.fsum([0.1] * 10), math.frexp(1e300), math.comb(60, 30))'] },
  { name: 'python-classes', argv: ['/usr/bin/python3.11', '-c', 'from dataclasses import dataclass\n@dataclass(order=True)\nclass P:\n  x: int\n  y: str = "?"\nps = sorted([P(3, "c"), P(1), P(2, "b")])\nprint(ps, max(ps), [p.x * 2 for p in ps])\ntry:\n  {}["k"]\nexcept KeyError as e:\n  print("KeyError", e)'] },
  // more sqlite3
  { name: 'sqlite-window-json', argv: ['/usr/bin/sqlite3', ':memory:'], stdin: 'create table s(g text, v real);\ninsert into s values ("x", 1.5), ("x", 2.25), ("y", -1), ("y", 8), ("y", 3);\nselect g, v, sum(v) over (partition by g order by v), rank() over (order by v desc) from s order by g, v;\nselect json_object("n", 1, "a", json_array(1, 2.5, "s")), json_extract(\'{"k": [10, 20]}\', "$.k[1]");\nselect hex(zeroblob(3)), quote(x\'00ff\'), typeof(1e400), abs(-9223372036854775807), 1.0 / 3;\n' },
];

interface Outcome {
  stdout: Buffer;
  stderr: Buffer;
  status: string;
}

function run(runner: Runner, sysroot: string, argv: string[], cwd: string, stdin: string | Buffer | undefined): Promise<Outcome> {
  const full = [...runner.command, ...runner.extraArgs, '-L', sysroot, join(sysroot, argv[0]), ...argv.slice(1)];
  return new Promise((resolve) => {
    const child = spawn(full[0], full.slice(1), { cwd, env: { ...baseEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [], err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), status: signal ? `signal ${signal}` : `exit ${code}` });
    });
  });
}

/** A fresh directory at the same path for every run of a case, so both see identical paths. */
async function prepare(t: Target, dir: string, c: RealCase): Promise<string | Buffer | undefined> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(c.files ?? {})) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  for (const argv of c.setup ?? []) {
    const r = await run(qemuRunner(t.arch), t.sysroot, argv, dir, undefined);
    if (r.status !== 'exit 0') throw new Error(`setup ${argv.join(' ')} failed under qemu-${t.arch}: ${r.status} ${r.stderr}`);
  }
  return c.stdinFile ? readFileSync(join(dir, c.stdinFile)) : c.stdin;
}

test('the suite has at least 40 cases with unique names', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

for (const t of TARGETS.filter((t) => !onlyArches || onlyArches.includes(t.debArch))) {
  const haveSysroot = existsSync(join(t.sysroot, '.complete'));
  describe.concurrent(`Debian ${t.debArch} programs: tsemu-${t.arch} vs qemu-${t.arch}`, () => {
    for (const c of CASES.filter((c) => !only || only.includes(c.name))) {
      test(c.name, { timeout: 3 * TIMEOUT_MS }, async (ctx) => {
        if (!haveSysroot) ctx.skip(`needs the Debian ${t.debArch} sysroot ${t.sysroot} (run scripts/fetch-debian-sysroot.sh ${t.debArch})`);
        const dir = join(realpathSync(tmpdir()), `tsemu-real-${t.debArch}-${c.name}`);
        try {
          const stdin = await prepare(t, dir, c);
          const want = await run(qemuRunner(t.arch), t.sysroot, c.argv, dir, stdin);
          await prepare(t, dir, c);
          const got = await run(tsemuRunner(t.arch), t.sysroot, c.argv, dir, stdin);
          const problems: string[] = [];
          if (got.status !== want.status) problems.push(`status: qemu-${t.arch} ${want.status}, tsemu-${t.arch} ${got.status}`);
          const outDiff = describeDiff(want.stdout, got.stdout, 'stdout');
          if (outDiff) problems.push(outDiff);
          const errDiff = describeDiff(want.stderr, got.stderr, 'stderr');
          if (errDiff) problems.push(errDiff);
          if (problems.length) throw new Error([`case ${c.name} (${t.debArch}): ${c.argv.join(' ')}`, ...problems].join('\n'));
          expect(got.status).toBe(want.status);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
}

// Checks the files of the built image's final stage (its root file system, mounted by
// deploy/test/test-image.sh): the app in /app holds built code only. Prints what it
// found; exits 1 naming every violation.
//
//   node deploy/test/check-image-files.mjs <root file system>
//
// Our own files (everything under /app but node_modules): no TypeScript sources (type
// declarations are fine), no tests or test helpers, no source maps, no src/ folders.
// Dependencies: no package that is only a devDependency of the repository's packages,
// that is, declared as a devDependency and needed by no package in the image.
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: check-image-files.mjs <root file system>');
  process.exit(2);
}
const app = path.join(root, 'app');
const problems = [];

const TYPESCRIPT_SOURCE = /\.(ts|tsx|mts|cts)$/;
const TYPE_DECLARATION = /\.d\.(ts|mts|cts)$/;
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const TEST_FOLDER = new Set([
  '__tests__',
  '__testUtils__',
  '__fixtures__',
  '__mocks__',
]);

/** Every file under dir (relative to app), not descending into node_modules. */
function ownFiles(dir, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      if (TEST_FOLDER.has(entry.name)) {
        problems.push(`test folder ${path.relative(app, full)}`);
      }
      ownFiles(full, found);
    } else {
      found.push(path.relative(app, full));
    }
  }
  return found;
}

const files = ownFiles(app);
for (const file of files) {
  if (TYPESCRIPT_SOURCE.test(file) && !TYPE_DECLARATION.test(file)) {
    problems.push(`TypeScript source ${file}`);
  }
  if (TEST_FILE.test(file)) problems.push(`test ${file}`);
  if (file.endsWith('.map')) problems.push(`source map ${file}`);
}
const workspaceDirs = ['packages', 'plugins'].flatMap(group =>
  fs.existsSync(path.join(app, group))
    ? fs.readdirSync(path.join(app, group)).map(name => path.join(group, name))
    : [],
);
for (const dir of workspaceDirs) {
  if (fs.existsSync(path.join(app, dir, 'src'))) {
    problems.push(`source folder ${dir}/src`);
  }
}

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const workspacePackages = ['.', ...workspaceDirs]
  .map(dir => path.join(app, dir, 'package.json'))
  .filter(file => fs.existsSync(file))
  .map(readJson);

/** Every installed package.json under a node_modules folder, nested ones included. */
function installedPackages(dir, found = []) {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedPackages(full, found);
      continue;
    }
    const manifest = path.join(full, 'package.json');
    if (fs.existsSync(manifest)) found.push(readJson(manifest));
    installedPackages(path.join(full, 'node_modules'), found);
  }
  return found;
}
const installed = installedPackages(path.join(app, 'node_modules'));

const needed = new Set();
for (const pkg of [...workspacePackages, ...installed]) {
  for (const field of [
    'dependencies',
    'optionalDependencies',
    'peerDependencies',
  ]) {
    for (const name of Object.keys(pkg[field] ?? {})) needed.add(name);
  }
}
const devOnly = new Set(
  workspacePackages
    .flatMap(pkg => Object.keys(pkg.devDependencies ?? {}))
    .filter(name => !needed.has(name)),
);
const installedNames = new Set(installed.map(pkg => pkg.name));
for (const name of devOnly) {
  if (installedNames.has(name)) problems.push(`dev dependency ${name}`);
}
// The tools no production image needs, whatever declares them.
for (const name of ['@backstage/cli', 'jest', '@playwright/test', 'eslint']) {
  if (installedNames.has(name)) problems.push(`build or test tool ${name}`);
}

console.log(
  `image files: ${files.length} files of our own in /app (${workspaceDirs.length} workspace packages), ` +
    `${installed.length} installed packages, ${devOnly.size} dev-only dependencies of the repository absent`,
);
if (problems.length > 0) {
  // Grouped by kind (the words before the path), a few of each.
  const byKind = new Map();
  for (const problem of problems) {
    const kind = problem.slice(0, problem.lastIndexOf(' '));
    byKind.set(kind, [...(byKind.get(kind) ?? []), problem]);
  }
  console.error(`image files: FAILED, ${problems.length} problems:`);
  for (const [kind, list] of byKind) {
    console.error(`  ${list.length} x ${kind}, e.g.`);
    for (const problem of list.slice(0, 5)) console.error(`    ${problem}`);
  }
  process.exit(1);
}

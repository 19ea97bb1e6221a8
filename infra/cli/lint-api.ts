// `npm run lint:api`: lints the OpenAPI document the app serves at /v1/openapi.json with Redocly
// CLI's recommended rules (redocly.yaml) and fails on any error or warning, as `npm test` does
// (test/unit/openapi-lint.test.ts). Needs neither Java nor the network.
import { describeProblems, lintOpenApi, openApiDocument } from './openapi-lint';

try {
  const report = await lintOpenApi(await openApiDocument());
  for (const line of describeProblems(report)) console.log(line);
  const { errors, warnings } = report.totals;
  console.log(
    `redocly lint /v1/openapi.json (redocly.yaml: recommended): ${errors} errors, ${warnings} warnings`,
  );
  process.exitCode = errors + warnings > 0 ? 1 : 0;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}

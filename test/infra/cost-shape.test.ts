import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measuredSchema } from '../../infra/cost/model';
import { deploymentShape } from '../../infra/cost/shape';

// The cost follows the stack: what `npm run cost` prices besides traffic (alarm metrics, custom
// metrics, dashboards, schedules, queues, …) is what infra/stack.ts deploys today. After a change
// to the stack, `npm run cost -- --shape` recounts it (no Java needed), then docs/cost.md is redone.

describe('infra/cost/measured.json', () => {
  it('holds the shape of the stack as it is (alarms=essential)', async () => {
    const measured = measuredSchema.parse(
      JSON.parse(readFileSync(new URL('../../infra/cost/measured.json', import.meta.url), 'utf8')),
    );
    expect(measured.deployment, 'run `npm run cost -- --shape`').toEqual(await deploymentShape());
  });
});

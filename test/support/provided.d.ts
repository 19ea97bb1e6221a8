// What test/support/global-setup.ts hands to integration tests: `inject('dynamoEndpoint')`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local (in memory, -sharedDb) shared by every integration test file of one run. */
    dynamoEndpoint: string;
    /** aws-ses-v2-local shared by every integration test file of one run. */
    sesEndpoint: string;
  }
}

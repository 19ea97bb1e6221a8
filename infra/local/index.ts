export { type AppServer, assertAppPortFree, serveApp } from './app-server';
export {
  type DynamoDbLocal,
  type DynamoDbLocalFiles,
  type DynamoDbLocalOptions,
  dynamoDbLocalFiles,
  isDynamoDbLocal,
  type LocalService,
  startDynamoDbLocal,
} from './dynamodb-local';
export { LocalRuntimeError, type LocalRuntimeErrorCode } from './errors';
export { type MailLoop, startMailLoop } from './mail-loop';
export { freePort, isPortOpen, loopbackUrl, type WaitForOptions, waitFor } from './ports';
export { isSesLocal, type SesLocal, type SesLocalOptions, startSesLocal } from './ses-local';
export { type Email, emailSchema, type SesLocalStore, sesLocalStore } from './ses-store';
export { type BannerInfo, formatBanner, type LocalStack, localAppUrl, startLocalStack } from './stack';
export { type StandIns, startStandIns } from './stand-ins';
export { rng, type SyntheticOrganization, seedMemberOrganization } from './synthetic';
export { endOf, type OnLoss, type ProbeOptions, type Unwatch, watchByProbe } from './watch';

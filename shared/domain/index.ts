// The public face of the domain: pure types, schemas, taxonomy and regions. No I/O here.
export * from './access';
export * from './common';
export * from './digest';
export * from './errors';
export * from './introduction';
export * from './match';
export * from './membership';
export * from './organization';
export * from './outbox';
export * from './person';
export * from './platform';
export * from './posting';
export * from './preferences';
export * from './regions';
export * from './stats';
export * from './taxonomy';
export * from './validation';

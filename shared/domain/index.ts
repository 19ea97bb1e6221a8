// The public face of the domain: pure types, schemas, taxonomy and regions. No I/O here.
export * from './access';
export * from './common';
export * from './errors';
export * from './match';
export * from './membership';
export * from './organization';
export * from './person';
export * from './platform';
export * from './posting';
export * from './regions';
export * from './taxonomy';
export * from './validation';

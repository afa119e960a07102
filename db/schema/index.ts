export * from './audit';
export * from './jobs';
export * from './keys';
export * from './templates';
export * from './users';
export * from './ceremonies';
export * from './ca-public-keys';
export * from './issuer-keys';

export * from './version.ts';
export * from './errors.ts';
export * from './parse.ts';
export * from './common.ts';
export * from './socket.ts';
export * from './rest.ts';
export * from './extensions.ts';
export * from './workflow.ts';

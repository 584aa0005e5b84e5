export * from './areas.ts';
export * from './sites.ts';
export * from './people.ts';
export * from './incidents.ts';
export * from './workflow.ts';
export * from './system.ts';
export * from './search.ts';
export * from './planning.ts';

export { default } from './plugin';
export * from './extensions';

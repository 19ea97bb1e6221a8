// The public face of the member import: reading an uploaded list (CSV in UTF-8, CP932 or
// UTF-16, or .xlsx), guessing what each column means, and reading each row as an organisation.
// Pure apart from the bytes it is given; writing is the store's and the API's.

export * from './plan';
export * from './read-file';
export * from './rows';
export * from './targets';
export { legalFormFromName, rowKey } from './values';

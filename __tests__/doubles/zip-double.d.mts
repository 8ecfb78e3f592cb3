/** Types of zip-double.mjs (a test double's helper), for the tests that read its ZIPs. */
export function writeZip(entries: ReadonlyArray<readonly [string, Buffer | string]>): Buffer;
export function readZip(buffer: Buffer): Map<string, Buffer>;

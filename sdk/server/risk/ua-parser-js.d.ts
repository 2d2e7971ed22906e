// ua-parser-js 1.x ships no type declarations; this covers the part the risk engine uses.
declare module 'ua-parser-js' {
  interface UAResult {
    ua: string;
    browser: { name?: string; version?: string; major?: string };
    os: { name?: string; version?: string };
    device: { type?: string; vendor?: string; model?: string };
  }
  export class UAParser {
    constructor(userAgent?: string);
    getResult(): UAResult;
  }
}

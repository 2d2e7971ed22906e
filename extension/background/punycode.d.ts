// Types for the userland `punycode` package, imported as 'punycode/' (the trailing slash is the
// package's documented way to bypass Node's deprecated built-in module of the same name).
declare module 'punycode/' {
  /** Decodes `xn--` labels of a domain name to Unicode; other labels pass through. */
  export function toUnicode(domain: string): string;
  /** Encodes non-ASCII labels of a domain name as `xn--` punycode. */
  export function toASCII(domain: string): string;
}

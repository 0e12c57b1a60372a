import { toSafeText } from '../../src/api/schemas';

/** EC2-shaped XML, as FCU answers (botocore ignores the namespace, but we send EC2's). */
export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/**
 * Text as XML 1.0 character data. The last line of defence: requests cannot bring in the characters XML 1.0
 * forbids (FORBIDDEN_TEXT_CHAR, refused with 4047), and any that still reach here (an error quoting a parameter
 * name, data written before the rule) become U+FFFD, so the document always parses. CR is written as a
 * character reference, which XML parsers keep (a raw CR would be read back as LF).
 */
export function escapeXml(value: string): string {
  return toSafeText(value).replace(
    /[<>&'"\r]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\r': '&#13;' })[c]!,
  );
}

export type XmlValue = string | number | boolean | undefined | XmlNode | XmlNode[];
export interface XmlNode {
  [name: string]: XmlValue;
}

/** The members of a set: `<item>…</item>` each (a streamed answer writes a set in several runs of items). */
export function itemsXml(items: XmlNode[]): string {
  return items.map((item) => `<item>${toXml(item)}</item>`).join('');
}

/** `{ a: 1, set: [{ b: 2 }] }` → `<a>1</a><set><item><b>2</b></item></set>`; undefined fields are left out. */
export function toXml(node: XmlNode): string {
  return Object.entries(node)
    .map(([name, value]) => {
      if (value === undefined) return '';
      if (Array.isArray(value)) return `<${name}>${itemsXml(value)}</${name}>`;
      if (typeof value === 'object') return `<${name}>${toXml(value)}</${name}>`;
      return `<${name}>${escapeXml(String(value))}</${name}>`;
    })
    .join('');
}

/** The opening of an answer, up to its requestId (a streamed answer writes the same, then its pieces). */
export function responseHead(action: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${escapeXml(requestId)}</requestId>`;
}

export function responseXml(action: string, requestId: string, body: XmlNode): string {
  return `${responseHead(action, requestId)}${toXml(body)}</${action}Response>`;
}

export function errorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>`;
}

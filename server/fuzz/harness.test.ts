/** The fuzz suite's own checks must be able to fail: each one against answers that break it. */
import { describe, expect, it } from 'vitest';
import { apiAnswerProblem, fcuAnswerProblem, parseAnswer, xmlProblem, type RawAnswer } from './harness';

const xml = (text: string) => xmlProblem(Buffer.from(text, 'utf8'));
const answer = (status: number, contentType: string, body: string): RawAnswer => ({ status, headers: { 'content-type': contentType }, body: Buffer.from(body, 'utf8') });
const FCU_ERROR = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Bad &amp; wrong</Message></Error></Errors><RequestID>r-1</RequestID></Response>';

describe('xmlProblem: strict XML 1.0 well-formedness', () => {
  it('accepts what the FCU face sends', () => {
    expect(xml('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSnapshotsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId><snapshotSet><item><description>a &lt;b&gt; &#233; &#x1F600; é 😀</description></item></snapshotSet></DescribeSnapshotsResponse>')).toBeNull();
    expect(xml(FCU_ERROR)).toBeNull();
    expect(xml('<a><b/><c x="1" y=\'2\'>t<![CDATA[<raw>]]></c><!-- note --></a>')).toBeNull();
  });

  it.each([
    ['a control character', '<a>\u0001</a>', /U\+0001/],
    ['an escape character', '<a>\u001b[31m</a>', /U\+001B/],
    ['U+FFFE', '<a>\ufffe</a>', /U\+FFFE/],
    ['a forbidden character reference', '<a>&#1;</a>', /character reference/],
    ['a forbidden hex character reference', '<a>&#xFFFF;</a>', /character reference/],
    ['a bare ampersand', '<a>x & y</a>', /bare &/],
    ['an unknown entity', '<a>&nbsp;</a>', /unknown entity/],
    ['a stray <', '<a>x < y</a>', /tag without a name|stray/],
    [']]> in text', '<a>]]></a>', /]]>/],
    ['mismatched tags', '<a><b></a></b>', /closes/],
    ['an unclosed element', '<a><b></b>', /unclosed/],
    ['two roots', '<a/><b/>', /after the root/],
    ['text outside the root', 'x<a/>', /outside/],
    ['no root', '<?xml version="1.0"?>', /no root/],
    ['an unquoted attribute', '<a x=1/>', /not quoted/],
    ['a repeated attribute', '<a x="1" x="2"/>', /repeated/],
    ['a < in an attribute', '<a x="<"/>', /stray/],
    ['a malformed declaration', '<?xml encoding="UTF-8"?><a/>', /declaration/],
    ['a doctype', '<!DOCTYPE a><a/>', /unexpected markup|outside/],
  ])('rejects %s', (_, text, reason) => {
    expect(xml(text)).toMatch(reason);
  });

  it('rejects invalid UTF-8 and a lone surrogate', () => {
    expect(xmlProblem(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]))).toMatch(/UTF-8/);
    expect(xmlProblem(Buffer.from('<a>\ud800</a>', 'utf16le'))).not.toBeNull();
    expect(xmlProblem(Buffer.from([0x3c, 0x61, 0x3e, 0xed, 0xa0, 0x80, 0x3c, 0x2f, 0x61, 0x3e]))).toMatch(/UTF-8/);
  });
});

describe('fcuAnswerProblem: EC2 XML answers', () => {
  it('accepts an EC2 success and an EC2 error', () => {
    expect(fcuAnswerProblem('POST', answer(200, 'text/xml;charset=UTF-8', '<?xml version="1.0" encoding="UTF-8"?>\n<CopySnapshotResponse xmlns="x"><requestId>r</requestId><snapshotId>snap-1</snapshotId></CopySnapshotResponse>'))).toBeNull();
    expect(fcuAnswerProblem('POST', answer(400, 'text/xml;charset=UTF-8', FCU_ERROR))).toBeNull();
  });

  it('rejects a 5xx, HTML, JSON, an error without Code or RequestID, and a success without requestId', () => {
    expect(fcuAnswerProblem('POST', answer(500, 'text/xml', FCU_ERROR))).toMatch(/HTTP 500/);
    expect(fcuAnswerProblem('POST', answer(503, 'text/xml', FCU_ERROR))).toMatch(/HTTP 503/);
    expect(fcuAnswerProblem('GET', answer(200, 'text/html', '<!doctype html><html></html>'))).toMatch(/not XML/);
    expect(fcuAnswerProblem('POST', answer(400, 'application/json', '{"Errors":[]}'))).toMatch(/not XML/);
    expect(fcuAnswerProblem('POST', answer(400, 'text/xml', '<Response><Errors><Error><Message>m</Message></Error></Errors><RequestID>r</RequestID></Response>'))).toMatch(/error that is not/);
    expect(fcuAnswerProblem('POST', answer(400, 'text/xml', '<Response><Errors><Error><Code>X</Code><Message>m</Message></Error></Errors></Response>'))).toMatch(/error that is not/);
    expect(fcuAnswerProblem('POST', answer(200, 'text/xml', '<CopySnapshotResponse><snapshotId>s</snapshotId></CopySnapshotResponse>'))).toMatch(/requestId/);
    expect(fcuAnswerProblem('POST', answer(400, 'text/xml', FCU_ERROR.replace('Bad', 'Bad\u0001')))).toMatch(/well-formed/);
    expect(fcuAnswerProblem('POST', { status: 0, headers: {}, body: Buffer.alloc(0) })).toMatch(/no HTTP answer/);
  });
});

describe("apiAnswerProblem: OUTSCALE's envelope", () => {
  const ok = '{"Regions":[{"RegionName":"eu-west-2","Endpoint":"api.eu-west-2.outscale.com"}],"ResponseContext":{"RequestId":"r"}}';
  const error = '{"Errors":[{"Code":"4108","Type":"InvalidParameterValue","Details":"x"}],"ResponseContext":{"RequestId":"r"}}';

  it('accepts a success that matches the action schema, an error envelope, a preflight and a passing DryRun', () => {
    expect(apiAnswerProblem('POST', 'ReadRegions', answer(200, 'application/json', ok))).toBeNull();
    expect(apiAnswerProblem('POST', 'ReadRegions', answer(400, 'application/json', error))).toBeNull();
    expect(apiAnswerProblem('OPTIONS', 'ReadRegions', { status: 204, headers: {}, body: Buffer.alloc(0) })).toBeNull();
    expect(apiAnswerProblem('POST', 'ReadRegions', answer(200, 'application/json', '{"ResponseContext":{"RequestId":"r"}}'), true)).toBeNull();
  });

  it.each([
    ['a 500', answer(500, 'application/json', error), /HTTP 500/],
    ['HTML', answer(200, 'text/html', '<html></html>'), /not JSON/],
    ['plain text', answer(405, 'text/plain', 'Method not allowed'), /not JSON/],
    ['broken JSON', answer(400, 'application/json', '{"Errors":'), /not JSON/],
    ['no RequestId', answer(400, 'application/json', '{"Errors":[{"Code":"1","Type":"T","Details":""}]}'), /RequestId/],
    ['no Errors', answer(400, 'application/json', '{"ResponseContext":{"RequestId":"r"}}'), /Errors/],
    ['an error without Type', answer(400, 'application/json', '{"Errors":[{"Code":"1","Details":""}],"ResponseContext":{"RequestId":"r"}}'), /Type/],
    ['a non-numeric Code', answer(400, 'application/json', '{"Errors":[{"Code":"AuthFailure","Type":"T","Details":""}],"ResponseContext":{"RequestId":"r"}}'), /Code/],
    ['a success that misses its fields', answer(200, 'application/json', '{"ResponseContext":{"RequestId":"r"}}'), /schema/],
    ['a redirect', answer(302, 'application/json', '{"ResponseContext":{"RequestId":"r"}}'), /status 302/],
  ])('rejects %s', (_, raw, reason) => {
    expect(apiAnswerProblem('POST', 'ReadRegions', raw)).toMatch(reason);
  });
});

describe('parseAnswer', () => {
  it('skips 100 Continue, reads Content-Length and chunked bodies', () => {
    const plain = parseAnswer(Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\nabcdef'));
    expect([plain.status, plain.body.toString()]).toEqual([404, 'abc']);
    const chunked = parseAnswer(Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'));
    expect([chunked.status, chunked.body.toString()]).toEqual([200, 'abcde']);
    expect(parseAnswer(Buffer.alloc(0)).status).toBe(0);
  });
});

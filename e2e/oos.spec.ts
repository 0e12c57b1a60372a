/**
 * The sandbox's OOS face from the browser (issue 14 item 4): the page, under its own CSP, reads the size of an
 * object with a ranged GET of a pre-signed URL on the OOS port (the import dialog's way), and reads S3's
 * explanation when the URL is tampered with. Bucket, object and URL are made with aws4fetch (service s3), not
 * with the code under test.
 */
import { expect, test } from '@playwright/test';
import { AwsClient } from 'aws4fetch';
import { E2E_BASE_URL, E2E_PORT } from './config';
import { accountOf, demoAccounts } from './fixtures';

const OOS = `http://127.0.0.1:${E2E_PORT + 1}`;

test('the page reads a pre-signed URL by Range across origins, and S3 error XML when it is refused', async ({ page }) => {
  const operator = accountOf(await demoAccounts(E2E_BASE_URL), 'operator');
  const s3 = new AwsClient({ accessKeyId: operator.AccessKey, secretAccessKey: operator.SecretKey, service: 's3', region: operator.Region });
  const bucket = `e2e-${Date.now().toString(36)}`;
  expect((await s3.fetch(`${OOS}/${bucket}`, { method: 'PUT' })).status).toBe(200);
  expect((await s3.fetch(`${OOS}/${bucket}/export/disk.qcow2.gz`, { method: 'PUT', body: 'x'.repeat(4321) })).status).toBe(200);
  const signed = await s3.sign(`${OOS}/${bucket}/export/disk.qcow2.gz?X-Amz-Expires=600`, { method: 'GET', aws: { signQuery: true } });
  const url = signed.url;

  await page.goto(E2E_BASE_URL);
  const read = (target: string) =>
    page.evaluate(async (href) => {
      const response = await fetch(href, { headers: { range: 'bytes=0-0' } });
      return { status: response.status, range: response.headers.get('content-range'), text: response.status >= 400 ? await response.text() : '' };
    }, target);
  expect(await read(url)).toEqual({ status: 206, range: 'bytes 0-0/4321', text: '' });
  const refused = await read(url.replace('X-Amz-Expires=600', 'X-Amz-Expires=601'));
  expect(refused.status).toBe(403);
  expect(refused.text).toContain('<Code>SignatureDoesNotMatch</Code>');
});

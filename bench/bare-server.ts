/**
 * The baseline of the API throughput figure: a bare node:http server that reads each request's body and answers
 * a fixed JSON (the bytes of a real ReadSnapshots answer, given as a file). Run as its own process, like the
 * sandbox, so both are measured the same way. Prints its port on stdout once listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.argv[2] ?? '/dev/null');
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(typeof address === 'object' && address ? address.port : 0);
});
process.on('SIGTERM', () => process.exit(0));

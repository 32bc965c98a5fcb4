/*
 * The wrong-key flood of bench/validation.ts, run by it as a child process: POST /api/v1/keys/validate with a new
 * random, well-formed key (right shape, right checksum, unknown to the service) on every request, so neither the
 * in-process miss cache nor single flight can fold them together. Prints its result as JSON on stdout.
 * Closed loop by default (as fast as the service answers); with a rate, an even open-loop pace instead.
 * Usage: node validation-flood.js <port> <connections> <seconds> [rate] (the target is always 127.0.0.1).
 */
import { generateKey } from '../src/common/keys/key-format';
import { load, paced, VALIDATE_BODY, VALIDATE_PATH } from './validation-bench-kit';

async function main(): Promise<void> {
  const [port, connections, seconds, rate] = process.argv.slice(2, 6).map(Number);
  if (!(port > 0 && connections > 0 && seconds > 0 && seconds <= 600))
    throw new Error('usage: validation-flood.js <port> <connections> <seconds <= 600> [rate]');
  const wrongKey = () => ({
    path: VALIDATE_PATH,
    body: VALIDATE_BODY,
    headers: { authorization: `Bearer ${generateKey('production')}` },
  });
  const result =
    rate > 0
      ? await paced(port, rate, seconds, connections, wrongKey)
      : await load({
          port,
          path: VALIDATE_PATH,
          connections,
          seconds,
          requests: [
            {
              method: 'POST',
              path: VALIDATE_PATH,
              body: VALIDATE_BODY,
              setupRequest: (req) => ({
                ...req,
                headers: {
                  ...req.headers,
                  'content-type': 'application/json',
                  authorization: `Bearer ${generateKey('production')}`,
                },
              }),
            },
          ],
        });
  process.stdout.write(JSON.stringify({ ...result, refused: result.statusCodes['401'] ?? 0 }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

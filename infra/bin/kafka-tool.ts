/**
 * `npm run kafka -- <tool> [args]`: Kafka's console tools against any broker, e.g.
 *   npm run kafka -- topics --bootstrap-server 127.0.0.1:9092 --describe --topic pos.events
 *   npm run kafka -- consumer-groups --bootstrap-server 127.0.0.1:9092 --describe --all-groups
 */
import { spawn } from 'node:child_process';
import { KAFKA_TOOLS, kafkaToolCommand, type KafkaTool } from '../kafka/kafka-tools';

const [tool, ...args] = process.argv.slice(2);
if (!tool || !(tool in KAFKA_TOOLS)) {
  process.stderr.write(`usage: npm run kafka -- <tool> [args]\ntools: ${Object.keys(KAFKA_TOOLS).join(', ')}\n`);
  process.exit(2);
}
const c = kafkaToolCommand(tool as KafkaTool, args);
const child = spawn(c.command, c.args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));

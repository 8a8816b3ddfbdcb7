import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureKafkaJars } from '@quarry/local-stack';

export interface ProducerPerfResult {
  records: number;
  records_per_s: number;
  mb_per_s: number;
  avg_ms: number;
  p50_ms: number;
  p99_ms: number;
  summary: string;
}

// "20000 records sent, 5234.5 records/sec (104.69 MB/sec), 12.3 ms avg latency, 200.0 ms max latency,
//  10 ms 50th, 30 ms 95th, 50 ms 99th, 60 ms 99.9th."
const SUMMARY =
  /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency.*?, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/;

/**
 * Kafka's own producer benchmark (org.apache.kafka.tools.ProducerPerformance from kafka-tools), with
 * the gateway's producer guarantees: acks=all, idempotent, unthrottled.
 */
export async function runProducerPerformance(options: {
  brokers: string[];
  topic: string;
  records: number;
  recordSize: number;
}): Promise<ProducerPerfResult> {
  const libs = await ensureKafkaJars();
  const args = [
    '-cp',
    join(libs, '*'),
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    options.topic,
    '--num-records',
    String(options.records),
    '--record-size',
    String(options.recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${options.brokers.join(',')}`,
    'acks=all',
    'enable.idempotence=true',
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(text)
        : reject(new Error(`ProducerPerformance exited ${code}:\n${text.slice(-2000)}`)),
    );
  });
  const match = SUMMARY.exec(output);
  if (!match) throw new Error(`ProducerPerformance printed no summary:\n${output.slice(-2000)}`);
  const [summary = '', records, perSecond, mbPerSecond, avg, p50, p99] = match;
  return {
    records: Number(records),
    records_per_s: Number(perSecond),
    mb_per_s: Number(mbPerSecond),
    avg_ms: Number(avg),
    p50_ms: Number(p50),
    p99_ms: Number(p99),
    summary,
  };
}

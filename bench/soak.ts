import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine } from './lib/report.ts';
import { measureMaximum } from './soak/burst.ts';
import { drainAndCount } from './soak/finish.ts';
import { judge } from './soak/judge.ts';
import { untilCaughtUp } from './soak/lag.ts';
import { MixedLoad } from './soak/load.ts';
import { MEMORY_RULE } from './soak/memory.ts';
import { checkLine } from './soak/print.ts';
import { PER_REQUEST } from './soak/records.ts';
import { runMinutes } from './soak/run.ts';
import { startStack } from './soak/stack.ts';

const USAGE = `usage: npm run soak -- <minutes> [--fraction 0.5] [--logs-share 0.2] [--query-rate 2]
  [--seed-rows 2000000] [--burst-seconds 20] [--connections 16] [--log-level warn] [--keep]`;

/**
 * `npm run soak -- <minutes>`: the split deployment under steady load, watched for memory growth
 * and loss.
 *
 * Stack: a private Kafka broker, a fresh PostgreSQL database and Redis database, and each app as its
 * own process: apps/ingest-gateway/src/server.ts, apps/writer/src/server.ts and
 * apps/control-api/src/server.ts, the last two on chDB (WAREHOUSE_DATA_DIR) as no ClickHouse server
 * can be installed here. chDB binds one directory per process, so the writer and the
 * control API do not share a warehouse: the writer stores the ingest in its own directory (the
 * tenant's table made there from the same DDL), and the control API's table is filled with a fixed
 * data set (--seed-rows over one week) before it starts, so its queries do real work on data that
 * does not change. Query latency is therefore that of a steady table, not of the rows being ingested.
 *
 * 1. Maximum: a closed-loop burst (--burst-seconds, 100-record batches, --connections) finds the
 *    records/s this machine sustains now; then the writer is let catch up.
 * 2. Soak: open loop at --fraction of that maximum, split between dataset batches and log batches
 *    (--logs-share), plus --query-rate queries/s in four shapes; a table per minute.
 * 3. End: the writer catches up and stops; every batch answered 202 must be stored exactly once
 *    (counted in the writer's directory after it exited); RSS must level off. Exit 1 otherwise.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      fraction: { type: 'string', default: '0.5' },
      'logs-share': { type: 'string', default: '0.2' },
      'query-rate': { type: 'string', default: '2' },
      'seed-rows': { type: 'string', default: '2000000' },
      'burst-seconds': { type: 'string', default: '20' },
      connections: { type: 'string', default: '16' },
      'log-level': { type: 'string', default: 'warn' },
      keep: { type: 'boolean', default: false },
    },
  });
  const minutes = Number(positionals[0]);
  const fraction = Number(values.fraction);
  const logsShare = Number(values['logs-share']);
  if (!(minutes > 0) || !(fraction > 0 && fraction <= 1) || !(logsShare >= 0 && logsShare < 1)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const work = await mkdtemp(join(tmpdir(), 'quarry-soak-'));
  const teardown: { name: string; step: () => Promise<unknown> }[] = [];
  const stopping = new AbortController();
  const onSignal = () => {
    if (stopping.signal.aborted) process.exit(130);
    log('interrupted: ending the load early and shutting down (again to quit at once)');
    stopping.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let failed = true;
  try {
    log(`work directory ${work} (app logs in ${join(work, 'logs')})`);
    const stack = await startStack({
      work,
      logLevel: values['log-level'],
      seedRows: Number(values['seed-rows']),
      reserveSeconds: Math.max(2 * 3600, minutes * 60 + 3600),
      log,
      defer: (name, step) => teardown.push({ name, step }),
    });
    const { apps, tenant, bus } = stack;

    // 1. The maximum.
    const burstSeconds = Number(values['burst-seconds']);
    const connections = Number(values.connections);
    log(`measuring the maximum: closed loop, ${connections} connections, ${burstSeconds} s (+3 s warm-up)`);
    const { max, ledger: burstLedger } = await measureMaximum(stack, { connections, seconds: burstSeconds });
    out(
      `maximum: ${max.records_per_s.toLocaleString('en-US')} records/s (${max.accepted} batches answered 202 in ` +
        `${burstSeconds} s, p50 ${max.p50_ms} ms, p99 ${max.p99_ms} ms, other ${JSON.stringify(max.refused)}; ` +
        `load avg ${loadavg()[0]?.toFixed(2)})`,
    );
    const burstCatchUp = await untilCaughtUp(bus, 10 * 60_000);
    log(`the writer caught up with the burst ${burstCatchUp.toFixed(1)} s after it ended`);

    // 2. The soak at a fixed fraction of the maximum.
    const requestsPerSecond = (fraction * max.records_per_s) / PER_REQUEST;
    const rates = {
      datasetRequestsPerSecond: requestsPerSecond * (1 - logsShare),
      logRequestsPerSecond: requestsPerSecond * logsShare,
      queriesPerSecond: Number(values['query-rate']),
    };
    const target = Math.round(requestsPerSecond * PER_REQUEST);
    out(
      `driving ${fraction} × maximum = ${target.toLocaleString('en-US')} records/s for ${minutes} min, open loop: ` +
        `${(rates.datasetRequestsPerSecond * PER_REQUEST).toFixed(0)} dataset records/s + ` +
        `${(rates.logRequestsPerSecond * PER_REQUEST).toFixed(0)} log events/s (100 per request), ` +
        `${rates.queriesPerSecond} queries/s on the control API's ${Number(values['seed-rows']).toLocaleString('en-US')}-row seeded table`,
    );
    out('ELD = event-loop delay as prom-client measures it (10 ms sampling: an idle loop reads ≈ 10 ms)');
    const load = new MixedLoad({
      gatewayUrl: apps.gateway.url,
      controlUrl: apps['control-api'].url,
      tenant,
      rates,
      seconds: minutes * 60,
    });
    const run = await runMinutes({ stack, load, minutes, target, signal: stopping.signal, out });

    // 3. Drain, stop, count, judge.
    const finish = await drainAndCount(stack, {
      datasets: [burstLedger, load.datasetLedger],
      logs: [load.logLedger],
    });
    log(
      `the writer caught up ${finish.catchUpSeconds.toFixed(1)} s after the load stopped; ` +
        `exit codes on SIGTERM ${JSON.stringify(finish.exitCodes)}`,
    );
    out(checkLine('datasets', finish.checks.datasets));
    out(checkLine('logs', finish.checks.logs));
    out(`dead letters: ${finish.deadLetters}`);
    const { memory, problems } = judge(run, finish, out);
    const loads = run.minutes.map((m) => m.load_avg_1m);
    out(
      `load average (1 min) during the soak: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} ` +
        `on ${machine().cores} cores (other work on this machine shares them)`,
    );
    out(problems.length === 0 ? 'verdict: PASS' : `verdict: FAIL (${problems.join('; ')})`);
    console.log(
      JSON.stringify({
        bench: 'soak',
        minutes,
        minutes_run: run.minutes.length,
        fraction,
        logs_share: logsShare,
        max: { ...max, connections, burst_seconds: burstSeconds },
        target_records_per_s: target,
        rates: {
          dataset_records_per_s: round(rates.datasetRequestsPerSecond * PER_REQUEST),
          log_events_per_s: round(rates.logRequestsPerSecond * PER_REQUEST),
          queries_per_s: rates.queriesPerSecond,
        },
        seed_rows: Number(values['seed-rows']),
        burst_catch_up_s: round(burstCatchUp),
        catch_up_s: round(finish.catchUpSeconds),
        per_minute: run.minutes,
        // Every 10 s: [minutes since the soak started, RSS MB], for a second look at the verdicts.
        rss_samples: Object.fromEntries(
          Object.entries(run.rss).map(([name, samples]) => [
            name,
            samples.map((s) => [round(s.minutes), round(s.mb)]),
          ]),
        ),
        memory,
        memory_rule: MEMORY_RULE,
        exactly_once: finish.checks,
        dead_letters: finish.deadLetters,
        exit_codes: finish.exitCodes,
        problems,
        verdict: problems.length === 0 ? 'pass' : 'fail',
        machine: { ...machine(), load_avg: loadavg().map(round) },
      }),
    );
    failed = problems.length > 0;
    return failed ? 1 : 0;
  } finally {
    for (const { name, step } of teardown.reverse()) {
      await step().catch((error: unknown) => log(`teardown: ${name} failed: ${error}`));
    }
    if (failed || values.keep) log(`kept ${work} (app logs in ${join(work, 'logs')})`);
    else await rm(work, { recursive: true, force: true });
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Results and tables on stdout; progress on stderr. */
function out(line: string): void {
  console.log(line);
}

function log(line: string): void {
  process.stderr.write(`[soak] ${line}\n`);
}

process.exitCode = await main(process.argv.slice(2)).catch(async (error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});

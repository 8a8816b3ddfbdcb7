export { type RunningKafka, type StartKafkaOptions, startKafka } from './kafka.ts';
export { ensureKafkaJars, KAFKA_VERSION, quarryCacheDir } from './kafka-jars.ts';
export {
  ensureLocalServices,
  ensurePostgres,
  ensureRedis,
  LOCAL_POSTGRES_URL,
  LOCAL_REDIS_URL,
} from './services.ts';

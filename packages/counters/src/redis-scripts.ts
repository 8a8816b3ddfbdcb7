// Lua scripts run atomically in Redis: no other command interleaves between their reads and writes.

/**
 * One reservation, decided alone: → ok, limit, used. ok 1 counted, 0 refused (nothing counted), 2 when
 * the reservation was cancelled before this copy of it ran, 3 when the limit is not a number (that
 * reservation alone fails: an error reply would fail the others of its script after they counted).
 */
const reserveFunction = `
local function reserve(limitKey, totalKey, deltaKey, reservation, amount, defaultLimit, ttl, reservationTtl)
  if reservation ~= '' and redis.call('EXISTS', reservation) == 1 then return 2, 0, 0 end
  local limit = tonumber(redis.call('GET', limitKey) or defaultLimit)
  if limit == nil then return 3, 0, 0 end
  local used = tonumber(redis.call('GET', totalKey) or '0')
  if limit >= 0 and used + amount > limit then return 0, limit, used end
  used = redis.call('INCRBY', totalKey, amount)
  redis.call('INCRBY', deltaKey, amount)
  for _, key in ipairs({totalKey, deltaKey}) do
    if redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ttl) end
  end
  if reservation ~= '' then redis.call('SET', reservation, amount, 'EX', reservationTtl) end
  return 1, limit, used
end
`;

/** GCRA, the same arithmetic as gcra.ts: one request of `key` at `now` → allowed (1|0), waitMs. */
const gcraFunction = `
local function gcra(key, now, interval, burst)
  local tat = tonumber(redis.call('GET', key) or now)
  local newTat = math.max(tat, now) + interval
  local allowAt = newTat - interval * burst
  if allowAt > now then return 0, math.ceil(allowAt - now) end
  redis.call('SET', key, string.format('%.3f', newTat), 'PX', math.ceil(newTat - now))
  return 1, 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
`;

/**
 * Several reservations in one atomic step, each decided in turn exactly as if it ran alone.
 * KEYS: limit, total, delta, reservation ('' for none), for each reservation. ARGV: ttlSeconds,
 * reservationTtl, then amount and defaultLimit for each. → {ok, limit, used} for each, flattened.
 */
export const reserveQuotaManyLua = `${reserveFunction}
local replies = {}
for first = 1, #KEYS, 4 do
  local arg = (first - 1) / 2 + 3
  local ok, limit, used = reserve(KEYS[first], KEYS[first + 1], KEYS[first + 2], KEYS[first + 3],
    tonumber(ARGV[arg]), ARGV[arg + 1], ARGV[1], ARGV[2])
  replies[#replies + 1] = ok
  replies[#replies + 1] = limit
  replies[#replies + 1] = used
end
return replies
`;

/**
 * Several requests' rate-limit step then, for each one it allows, its reservation: in turn, as
 * rateLimitLua then one reservation of reserveQuotaManyLua would take them. KEYS: rate key, limit,
 * total, delta, reservation ('' for none), for each request. ARGV: ttlSeconds, reservationTtl, then
 * intervalMs, burst, amount and defaultLimit for each. → {allowed, waitMs, ok, limit, used} for each,
 * flattened (ok, limit and used 0 when the rate limit refused: nothing reserved).
 */
export const rateLimitThenReserveManyLua = `${gcraFunction}${reserveFunction}
local replies = {}
for first = 1, #KEYS, 5 do
  local arg = (first - 1) / 5 * 4 + 3
  local allowed, waitMs = gcra(KEYS[first], now, tonumber(ARGV[arg]), tonumber(ARGV[arg + 1]))
  local ok, limit, used = 0, 0, 0
  if allowed == 1 then
    ok, limit, used = reserve(KEYS[first + 1], KEYS[first + 2], KEYS[first + 3], KEYS[first + 4],
      tonumber(ARGV[arg + 2]), ARGV[arg + 3], ARGV[1], ARGV[2])
  end
  for _, value in ipairs({allowed, waitMs, ok, limit, used}) do replies[#replies + 1] = value end
end
return replies
`;

/**
 * KEYS: total, delta, reservation. ARGV: ttlSeconds, reservationTtl. Gives back what the reservation
 * charged (once: the marker becomes "cancelled"), and leaves the marker so a late copy charges nothing.
 */
export const cancelQuotaLua = `
local charged = tonumber(redis.call('GET', KEYS[3]) or '')
redis.call('SET', KEYS[3], 'cancelled', 'EX', ARGV[2])
if charged == nil then return 0 end
if redis.call('DECRBY', KEYS[1], charged) < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL') end
redis.call('DECRBY', KEYS[2], charged)
for i = 1, 2 do
  if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], ARGV[1]) end
end
return charged
`;

/** KEYS: total, delta. ARGV: amount, ttlSeconds. The total never goes below zero. */
export const releaseQuotaLua = `
if redis.call('DECRBY', KEYS[1], ARGV[1]) < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL') end
redis.call('DECRBY', KEYS[2], ARGV[1])
for i = 1, 2 do
  if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], ARGV[2]) end
end
return 1
`;

/** KEYS: delta. ARGV: amount. Subtracts what a flush persisted, unless the key has expired. */
export const subtractDeltaLua = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('DECRBY', KEYS[1], ARGV[1])
`;

/** KEYS: rate key. ARGV: intervalMs, burst. → {allowed, waitMs}; same arithmetic as gcra.ts. */
export const rateLimitLua = `${gcraFunction}
return {gcra(KEYS[1], now, tonumber(ARGV[1]), tonumber(ARGV[2]))}
`;

/**
 * KEYS: rate key. ARGV: intervalMs, burst, count. `count` requests at one instant, as rateLimitLua
 * would take them one after the other → {admitted, waitMs}: the first `admitted` are allowed, the
 * rest refused with `waitMs` (a refusal leaves tat unchanged, so every later one is refused alike).
 */
export const rateLimitManyLua = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
local admitted = 0
for i = 1, tonumber(ARGV[3]) do
  local newTat = math.max(tat, now) + interval
  local allowAt = newTat - interval * burst
  if allowAt > now then
    if admitted > 0 then redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now)) end
    return {admitted, math.ceil(allowAt - now)}
  end
  tat = newTat
  admitted = admitted + 1
end
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now))
return {admitted, 0}
`;

/**
 * KEYS: the keys to write. ARGV: per key, its value, its TTL in seconds and 1 for "only if absent".
 * → per key, 1 when stored, 0 when it existed and was only to be written if absent.
 */
export const setManyLua = `
local stored = {}
for i, key in ipairs(KEYS) do
  local at = (i - 1) * 3
  local reply
  if ARGV[at + 3] == '1' then
    reply = redis.call('SET', key, ARGV[at + 1], 'EX', ARGV[at + 2], 'NX')
  else
    reply = redis.call('SET', key, ARGV[at + 1], 'EX', ARGV[at + 2])
  end
  stored[i] = reply and 1 or 0
end
return stored
`;

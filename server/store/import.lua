-- Runs after meta.lua (ensure_meta). Restores stored events as they were (a backup's import).
-- KEYS: meta, ids, events, snapshots, snapshotsBySeq, snapshotsByTime
-- ARGV: epoch, n, then n quintuples of (seq, receivedAtMs, dedupeKey, hash, eventJson)
-- The first batch needs an empty log (which then takes the given epoch); every batch must
-- continue the log at head + 1 in that epoch. Nothing of a refused batch is stored.
local meta, ids, events = KEYS[1], KEYS[2], KEYS[3]
local epoch = ensure_meta(meta, ids, events, { KEYS[4], KEYS[5], KEYS[6] }, ARGV[1])
local seq = tonumber(redis.call('HGET', meta, 'seq'))
if epoch ~= ARGV[1] then
  if seq ~= 0 then return redis.error_reply('IMPORT the log is not empty: it has ' .. seq .. ' events of epoch ' .. epoch) end
  -- An empty log a node created on its own: it takes the backup's epoch.
  redis.call('DEL', ids, events, KEYS[4], KEYS[5], KEYS[6])
  epoch = ARGV[1]
end
local n = tonumber(ARGV[2])
local seen = {}
for i = 0, n - 1 do
  local at = 3 + i * 5
  if tonumber(ARGV[at]) ~= seq + i + 1 then
    return redis.error_reply('IMPORT seq ' .. ARGV[at] .. ' does not continue the log at ' .. (seq + i + 1))
  end
  if seen[ARGV[at + 2]] or redis.call('HEXISTS', ids, ARGV[at + 2]) == 1 then
    return redis.error_reply('IMPORT the event of seq ' .. ARGV[at] .. ' has a (unit, id) that is in the log already')
  end
  seen[ARGV[at + 2]] = true
end
local last = tonumber(redis.call('HGET', meta, 'lastAt') or '0')
for i = 0, n - 1 do
  local at = 3 + i * 5
  redis.call('XADD', events, ARGV[at] .. '-0', 'e', ARGV[at + 4], 't', ARGV[at + 1])
  redis.call('HSET', ids, ARGV[at + 2], ARGV[at] .. ':' .. ARGV[at + 3])
  last = math.max(last, tonumber(ARGV[at + 1]))
end
redis.call('HSET', meta, 'epoch', epoch, 'seq', seq + n, 'lastAt', string.format('%d', last))
return seq + n

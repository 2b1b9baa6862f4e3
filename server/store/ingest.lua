-- Appends a batch to the log atomically: dedupe by (unit, id), refuse conflicts,
-- number the new events with gap-free seqs, append them to the stream.
-- Runs after meta.lua (ensure_meta). Touches only the keys it is given.
-- KEYS: meta, ids, events, snapshots, snapshotsBySeq, snapshotsByTime
-- ARGV: newEpoch, receivedAtMs, n, then n triples of (dedupeKey, hash, eventJson)
-- Returns {'ok', epoch, receivedAtMs, seq_1 .. seq_n, dupflag_1 .. dupflag_n} or {'conflict', index, ...}
local meta, ids, events = KEYS[1], KEYS[2], KEYS[3]
-- A fresh log (first start, Redis lost its data) gets a new epoch and seq from 1; a lost meta is rebuilt from the stream.
local epoch = ensure_meta(meta, ids, events, { KEYS[4], KEYS[5], KEYS[6] }, ARGV[1])
local n = tonumber(ARGV[3])
local place = {}
local inBatch = {}
local conflicts = {}
for i = 1, n do
  local key, hash = ARGV[1 + i * 3], ARGV[2 + i * 3]
  local prior = redis.call('HGET', ids, key)
  if prior then
    local sep = string.find(prior, ':', 1, true)
    if string.sub(prior, sep + 1) == hash then
      place[i] = { 'dup', tonumber(string.sub(prior, 1, sep - 1)) }
    else
      conflicts[#conflicts + 1] = i - 1
    end
  elseif inBatch[key] then
    if inBatch[key][1] == hash then
      place[i] = { 'dupb', inBatch[key][2] }
    else
      conflicts[#conflicts + 1] = i - 1
    end
  else
    inBatch[key] = { hash, i }
    place[i] = { 'new' }
  end
end
if #conflicts > 0 then
  local out = { 'conflict' }
  for _, c in ipairs(conflicts) do out[#out + 1] = c end
  return out
end
local seq = tonumber(redis.call('HGET', meta, 'seq') or '0')
local at = math.max(tonumber(ARGV[2]), tonumber(redis.call('HGET', meta, 'lastAt') or '0'))
local atText = string.format('%d', at)
local seqs, dups = {}, {}
for i = 1, n do
  local kind = place[i][1]
  if kind == 'new' then
    seq = seq + 1
    local seqText = string.format('%d', seq)
    redis.call('XADD', events, seqText .. '-0', 'e', ARGV[3 + i * 3], 't', atText)
    redis.call('HSET', ids, ARGV[1 + i * 3], seqText .. ':' .. ARGV[2 + i * 3])
    seqs[i] = seq
    dups[i] = 0
  elseif kind == 'dup' then
    seqs[i] = place[i][2]
    dups[i] = 1
  else
    seqs[i] = seqs[place[i][2]]
    dups[i] = 1
  end
end
redis.call('HSET', meta, 'seq', seq, 'lastAt', atText)
local out = { 'ok', epoch, atText }
for i = 1, n do out[#out + 1] = seqs[i] end
for i = 1, n do out[#out + 1] = dups[i] end
return out

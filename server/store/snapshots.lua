-- Snapshots of the projection, kept per epoch: hash field and index members are '<epoch>:<seq>'.
-- KEYS: meta, snapshots (hash of states), snapshotsBySeq (zset), snapshotsByTime (zset)

-- Keeps a snapshot in one step, unless its epoch is no longer the log's or one at that seq is kept
-- already (several nodes reach the same seq; the first wins, whole).
-- ARGV: 'save', epoch, seq, receivedAtMs, state. Returns 1 when kept, else 0.
local function save_snapshot()
  if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[2] then return 0 end
  local member = ARGV[2] .. ':' .. ARGV[3]
  if redis.call('HSETNX', KEYS[2], member, ARGV[5]) == 0 then return 0 end
  redis.call('ZADD', KEYS[3], ARGV[3], member)
  redis.call('ZADD', KEYS[4], ARGV[4], member)
  return 1
end

-- The latest snapshot of the log's current epoch at or before a seq ('seq') or a time ('at').
-- ARGV: 'find', epoch, 'seq' | 'at', max. Returns {seq, receivedAtMs, state}, or nil.
local function find_snapshot()
  local prefix = ARGV[2] .. ':'
  if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[2] then return false end
  local index = ARGV[3] == 'seq' and KEYS[3] or KEYS[4]
  -- Members of other epochs are removed when an epoch starts; skipping them is a safeguard.
  local members = redis.call('ZRANGE', index, ARGV[4], '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, 100)
  for _, member in ipairs(members) do
    if string.sub(member, 1, #prefix) == prefix then
      local state = redis.call('HGET', KEYS[2], member)
      if state then return { string.sub(member, #prefix + 1), redis.call('ZSCORE', KEYS[4], member), state } end
    end
  end
  return false
end

-- The log's current epoch's snapshots as a flat list: seq, receivedAtMs, seq, receivedAtMs, ...
-- ARGV: 'list', epoch.
local function list_snapshots()
  local prefix = ARGV[2] .. ':'
  local out = {}
  if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[2] then return out end
  local members = redis.call('ZRANGE', KEYS[4], 0, -1, 'WITHSCORES')
  for i = 1, #members, 2 do
    if string.sub(members[i], 1, #prefix) == prefix then
      table.insert(out, string.sub(members[i], #prefix + 1))
      table.insert(out, members[i + 1])
    end
  end
  return out
end

-- Deletes snapshots of an epoch by seq, state and index entries together. Returns how many went.
-- ARGV: 'drop', epoch, seq, seq, ...
local function drop_snapshots()
  local dropped = 0
  for i = 3, #ARGV do
    local member = ARGV[2] .. ':' .. ARGV[i]
    dropped = dropped + redis.call('HDEL', KEYS[2], member)
    redis.call('ZREM', KEYS[3], member)
    redis.call('ZREM', KEYS[4], member)
  end
  return dropped
end

if ARGV[1] == 'save' then return save_snapshot() end
if ARGV[1] == 'list' then return list_snapshots() end
if ARGV[1] == 'drop' then return drop_snapshots() end
return find_snapshot()

-- Shared by the scripts that may find the log without its meta (epoch, seq, lastAt).
-- Meta lost while the stream is there (a deleted key, a partial restore): seq and lastAt are
-- read back from the stream, the stream and the dedupe hash are kept, and the log gets a new
-- epoch, so displays take a fresh snapshot. No stream at all: a fresh log, and what an old one
-- left behind (dedupe hash) goes. Snapshots of any earlier epoch go in both cases.
-- Returns the epoch.
local function ensure_meta(meta, ids, events, snapshot_keys, new_epoch)
  local epoch = redis.call('HGET', meta, 'epoch')
  if epoch then return epoch end
  local seq, last_at = '0', '0'
  if redis.call('EXISTS', events) == 1 then
    local info = redis.call('XINFO', 'STREAM', events)
    for i = 1, #info, 2 do
      if info[i] == 'last-generated-id' then
        seq = string.match(info[i + 1], '^(%d+)')
      elseif info[i] == 'last-entry' and info[i + 1] then
        local fields = info[i + 1][2]
        for j = 1, #fields, 2 do
          if fields[j] == 't' then last_at = fields[j + 1] end
        end
      end
    end
  else
    redis.call('DEL', ids)
  end
  redis.call('DEL', unpack(snapshot_keys))
  redis.call('HSET', meta, 'epoch', new_epoch, 'seq', seq, 'lastAt', last_at)
  return new_epoch
end

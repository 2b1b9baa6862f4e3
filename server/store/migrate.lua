-- Moves a deployment's keys from the layout before the hash tag held the prefix
-- ('<prefix>{log}:events', '<prefix>tokens') to the current one ('{<prefix>}log:events',
-- '{<prefix>}tokens') in one step, so no node ever sees half of them. The log moves only
-- when the new layout has no log yet; old snapshots are dropped (they name no epoch).
-- KEYS: old meta, ids, events, tokens, tokenHashes; new meta, ids, events, tokens, tokenHashes; old snapshot keys (3)
-- Returns the number of keys moved.
local moved = 0
if redis.call('EXISTS', KEYS[6]) == 0 and redis.call('EXISTS', KEYS[8]) == 0 then
  for i = 1, 3 do
    if redis.call('EXISTS', KEYS[i]) == 1 then
      redis.call('RENAME', KEYS[i], KEYS[i + 5])
      moved = moved + 1
    end
  end
end
for i = 4, 5 do
  if redis.call('EXISTS', KEYS[i]) == 1 and redis.call('EXISTS', KEYS[i + 5]) == 0 then
    redis.call('RENAME', KEYS[i], KEYS[i + 5])
    moved = moved + 1
  end
end
redis.call('DEL', KEYS[11], KEYS[12], KEYS[13])
return moved

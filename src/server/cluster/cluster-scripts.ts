/**
 * The Redis side of a cluster (docs/architecture.md "Cluster on Redis"): key
 * names and the Lua scripts that make each change of ownership one atomic
 * step. A name is claimed, released or reaped together with the stream entry
 * that tells every node, so no node can see the name change hands between
 * the two.
 */

export const KEYS = {
  /** Stream of every public event, in the one order all nodes deliver (docs/protocol.md). */
  chat: 'tchat:chat',
  /** Capped stream of public messages, with the same entry ids (`welcome.history`). */
  history: 'tchat:history',
  /** Hash: name key → owning node id. */
  owner: 'tchat:owner',
  /** Hash: name key → `{u: user, h: host, l: lookalike key}`. */
  names: 'tchat:names',
  /** Hash: lookalike key → name key (docs/protocol.md "Names": no two names look alike). */
  looks: 'tchat:looks',
  /** Hash: name key → reservation JSON (docs/security.md "Names bound to keys"). */
  reservations: 'tchat:reservations',
  /** Set of live node ids. */
  nodes: 'tchat:nodes',
  lease: (node: string): string => `tchat:lease:${node}`,
  /** Set of the name keys a node holds (the reaper frees them). */
  held: (node: string): string => `tchat:held:${node}`,
  /** Pub/sub channel of one node: events for one of its users (whisper, call signaling). */
  direct: (node: string): string => `tchat:to:${node}`,
  /** A user in a call (ringing or talking): the home node of that call. */
  busy: (nameKey: string): string => `tchat:busy:${nameKey}`,
  /** Set of the busy keys of the calls a node is home to (the reaper frees them). */
  calls: (node: string): string => `tchat:calls:${node}`,
  /** Pub/sub channel every node listens to: cluster-wide `shutdown`. */
  control: 'tchat:control',
} as const;

/** Entries kept in the chat stream; readers are never that far behind. */
export const CHAT_STREAM_MAX = 100_000;

/**
 * KEYS owner names looks held chat; ARGV nameKey lookKey record envelope maxlen node reassert.
 * 1 = claimed; 0 = held by another node (or a look-alike is).
 */
export const CLAIM_LUA = `
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if owner and (ARGV[7] ~= '1' or owner ~= ARGV[6]) then return 0 end
local like = redis.call('HGET', KEYS[3], ARGV[2])
if like and like ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[6])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'e', ARGV[4])
return 1
`;

/** KEYS owner names looks held chat; ARGV nameKey lookKey node envelope maxlen. */
export const RELEASE_LUA = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[3] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  if redis.call('HGET', KEYS[3], ARGV[2]) == ARGV[1] then redis.call('HDEL', KEYS[3], ARGV[2]) end
end
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'e', ARGV[4])
return 1
`;

/**
 * KEYS owner names looks held(dead) nodes lease(dead) chat calls(dead); ARGV dead maxlen reaper.
 * Exactly once per dead node: only the caller whose SREM removes it frees its names.
 */
export const REAP_LUA = `
if redis.call('EXISTS', KEYS[6]) == 1 then return -1 end
if redis.call('SREM', KEYS[5], ARGV[1]) == 0 then return -1 end
local freed = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if redis.call('HGET', KEYS[1], key) == ARGV[1] then
    local record = cjson.decode(redis.call('HGET', KEYS[2], key))
    redis.call('HDEL', KEYS[1], key)
    redis.call('HDEL', KEYS[2], key)
    if redis.call('HGET', KEYS[3], record.l) == key then redis.call('HDEL', KEYS[3], record.l) end
    local left = cjson.encode({type = 'left', name = record.u.name, reason = 'timeout'})
    local envelope = '{"n":' .. cjson.encode(ARGV[3]) .. ',"k":"release","o":' ..
      cjson.encode(ARGV[1]) .. ',"name":' .. cjson.encode(record.u.name) .. ',"ev":' .. left .. '}'
    redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[2], '*', 'e', envelope)
    freed = freed + 1
  end
end
redis.call('DEL', KEYS[4])
for _, busy in ipairs(redis.call('SMEMBERS', KEYS[8])) do
  if redis.call('GET', busy) == ARGV[1] then redis.call('DEL', busy) end
end
redis.call('DEL', KEYS[8])
return freed
`;

/** KEYS chat history; ARGV envelope maxlen historyLength. The history entry keeps the chat entry's id. */
export const SAY_LUA = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[1])
if tonumber(ARGV[3]) > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], id, 'e', ARGV[1])
end
return id
`;

/**
 * KEYS calls(node) busy(a) busy(b) …; ARGV node. Everyone a call request
 * brings into a call (the caller and whoever it rings, or one invitee) is
 * marked busy cluster-wide at once, or nobody is (1 / 0).
 */
export const BUSY_LUA = `
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1])
  redis.call('SADD', KEYS[1], KEYS[i])
end
return 1
`;

/** KEYS calls(node) busy(a) busy(b) …; ARGV node. Frees only marks this node made. */
export const FREE_LUA = `
for i = 2, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
  redis.call('SREM', KEYS[1], KEYS[i])
end
return 1
`;

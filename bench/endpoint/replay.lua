-- wrk script: replays the pre-encrypted requests of $BODIES in turn, each with its signature.
local sigs, bodies, i = {}, {}, 0
for line in io.lines(os.getenv("BODIES")) do
  local sig, body = line:match("^(%S+) (.*)$")
  sigs[#sigs + 1] = sig
  bodies[#bodies + 1] = body
end
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/", { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = sigs[i] }, bodies[i])
end

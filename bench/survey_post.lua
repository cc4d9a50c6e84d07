-- POST a random survey answer as JSON, each request from its own simulated address.
math.randomseed(os.time())
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) acked = 0 end
request = function()
  local parts = {}
  for i = 1, 9 do parts[#parts + 1] = string.format('"u%d": %d', i, math.random(1, 4)) end
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Real-IP"] = ip
  return wrk.format("POST", nil, nil, "{" .. table.concat(parts, ", ") .. "}")
end
response = function(status, headers, body) if status == 201 then acked = acked + 1 end end
done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("acked") end
  io.write(string.format("ACKED %d\n", total))
  io.write(string.format("P99_US %d\n", latency:percentile(99)))
  io.write(string.format("P50_US %d\n", latency:percentile(50)))
end

-- Prints one machine-readable line after the run: p50 and p95 latency (microseconds), requests, non-2xx.
local non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d\n", latency:percentile(50), latency:percentile(95),
    summary.requests, summary.errors.status))
end

-- wrk script of bench/webhooks: cycles through pre-signed status callbacks (one file line each:
-- target, X-Twilio-Signature, form body, tab-separated), each wrk thread through its own share,
-- so two threads never send the same callback at once.
-- Arguments after "--": FILE THREADS.
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  requests = {}
  local threads = tonumber(args[2])
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % threads == id then
      local target, signature, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", target, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
      }, body)
    end
    line_number = line_number + 1
  end
  position = 0
end

function request()
  position = position % #requests + 1
  return requests[position]
end

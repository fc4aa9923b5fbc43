"""Every conversation the terminal has with the back office after a submission, in plain Python: the Qt
controller runs these off the UI thread and the burn-in calls them directly, so both exercise the same protocol.

- `cases`: a returning resident's records, a scanned receipt's case, the license claim with the card.
- `reports`: what the terminal reports and nobody waits for (好差评 evaluations, heartbeats).
- `license_key`: the back office's license-signing public key, cached, fetched in the background.

Submissions themselves go through the durable queue (`offline_queue.sync`), not through here.
"""

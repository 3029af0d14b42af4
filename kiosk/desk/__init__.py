"""The staff desk's state and rules, without Qt: one model per concern.

`ui.staff.desk.StaffDesk` is the thin Qt adapter over these: it runs the store calls
in worker threads, keeps the timers and emits the signals the views listen to; what to
do next (reload the queue again? read the open application again? announce the
connection?) and the words shown are decided here, in plain Python, and tested
without Qt (tests/kiosk/desk/).

- `queue.QueueReloads`: the filter and the coalesced queue reloads.
- `current.OpenApplication`: which application is open or being opened, whether a
  newer version must be read, the view recorded once per opening, the focus hint.
- `connection.Connection`: whether the database answers, and why not.
- `actions`: the confirmed actions on the open application and what each says.
- `wording`: error texts, procedure titles, the call-next message.
- `editing`: corrections through the kiosk's checks (and the re-rendered forms).
- `files`: the audit-trail and statistics CSV files, the PDF's file name, account
  lock changes.
"""

"""The staff desktop (`madoguchi staff`): sign-in, the shared queue, one application's
answers and forms, corrections, calling, printing, statistics and accounts.

`desk.StaffDesk` holds the state and runs every database call in a worker; the
widgets in this package only show what it reports and send the user's actions to it.
"""

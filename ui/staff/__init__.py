"""The staff desktop (`madoguchi staff`): sign-in, the shared queue, one application's
answers and forms, corrections, calling, printing, statistics and accounts.

`desk.StaffDesk` is the Qt adapter over the desk's Qt-free models (`kiosk.desk`: the
state and its rules) and runs every database call in a worker; the widgets in this
package only show what it reports and send the user's actions to it.
"""

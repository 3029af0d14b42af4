"""The supervisor's live view (`madoguchi supervisor`): waiting per department and line,
what each clerk holds, what needs action now, with an alert; full screen on a wall."""

"""The lobby display (`madoguchi display`): the numbers being called, at which counter,
and how many are waiting, large enough to read across the room."""

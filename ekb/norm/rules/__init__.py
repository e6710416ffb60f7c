"""The rules of försörjningsstöd, one small module per concept with its legal source beside it.

Each rule has two faces that must agree (a property test checks they do):
``*_rows(ctx)`` explains one household-month as Decimal rows, and ``*_vector(ctx, acc)``
adds the same amounts in integer öre for a whole batch with NumPy.
"""

"""How a decision reaches the parties and what they can do about it: the letter (förvaltningslagen
31–33 §§), each party's notification (FL 44 §, delgivning) and appeals (FL 44–46 §§)."""

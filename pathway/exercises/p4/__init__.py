"""Phase 4, real-world practice: the exercises of its notebook, one module per section."""

# The sections in the order the notebook meets them (the order `pathway next` suggests exercises).
SECTIONS = ("competition", "leaderboard", "applications", "portfolio", "gitflow", "interview")

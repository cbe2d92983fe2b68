"""What an assessment is: questionnaires, answers, conditions, roles and steps."""

quiz

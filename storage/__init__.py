"""Where data lives and comes from: the database (models, repositories, migrations) and the GW2 API."""

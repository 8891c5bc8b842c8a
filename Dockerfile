# The production image: one image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CSE_VAR_DIR=/app/var
WORKDIR /app
# Pango, HarfBuzz and fonts: WeasyPrint lays out the report packets' PDFs with them.
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && useradd --system --home /app casework && mkdir -p /app/var && chown -R casework /app/var
USER casework
EXPOSE 8000
CMD ["gunicorn", "cse_casework.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

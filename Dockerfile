# The portal's image: the app servers and the worker of compose.yaml run it with different commands.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Hashed static file names, built once into the image (WhiteNoise serves them). DEBUG stays off so
# the manifest storage hashes them; the key only satisfies the settings' check and signs nothing.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-time-only-signs-nothing-0123456789 \
    python manage.py collectstatic --no-input -v0
RUN useradd --create-home portal
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]

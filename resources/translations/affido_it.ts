<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT" sourcelanguage="en_GB">
  <context>
    <name>Affido</name>
    <message>
      <source>&amp;About Affido</source>
      <translation>&amp;Informazioni su Affido</translation>
    </message>
    <message>
      <source>&amp;Access log…</source>
      <translation>&amp;Registro degli accessi…</translation>
    </message>
    <message>
      <source>&amp;Activity report…</source>
      <translation>Relazione di &amp;attività…</translation>
    </message>
    <message>
      <source>&amp;Backups…</source>
      <translation>Co&amp;pie di sicurezza…</translation>
    </message>
    <message>
      <source>&amp;CA certificate:</source>
      <translation>Certificato dell'&amp;autorità (CA):</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>&amp;Chiudi</translation>
    </message>
    <message>
      <source>&amp;Current password:</source>
      <translation>Password &amp;attuale:</translation>
    </message>
    <message>
      <source>&amp;Database on this computer (SQLite, encrypted)</source>
      <translation>&amp;Database su questo computer (SQLite, cifrato)</translation>
    </message>
    <message>
      <source>&amp;Deactivate…</source>
      <translation>&amp;Disattiva…</translation>
    </message>
    <message>
      <source>&amp;Documents</source>
      <translation>&amp;Documenti</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>&amp;Modifica</translation>
    </message>
    <message>
      <source>&amp;Encryption (TLS):</source>
      <translation>&amp;Cifratura (TLS):</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>&amp;Find a person</source>
      <translation>&amp;Trova una persona</translation>
    </message>
    <message>
      <source>&amp;From:</source>
      <translation>&amp;Dal:</translation>
    </message>
    <message>
      <source>&amp;Full name:</source>
      <translation>Nome e &amp;cognome:</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Aiuto</translation>
    </message>
    <message>
      <source>&amp;Import</source>
      <translation>&amp;Importa</translation>
    </message>
    <message>
      <source>&amp;Import from a spreadsheet…</source>
      <translation>&amp;Importa da foglio di calcolo…</translation>
    </message>
    <message>
      <source>&amp;Initial password:</source>
      <translation>Password &amp;iniziale:</translation>
    </message>
    <message>
      <source>&amp;Lock now</source>
      <translation>&amp;Blocca ora</translation>
    </message>
    <message>
      <source>&amp;Mileage rate…</source>
      <translation>&amp;Rimborso chilometrico…</translation>
    </message>
    <message>
      <source>&amp;Month:</source>
      <translation>M&amp;ese:</translation>
    </message>
    <message>
      <source>&amp;New account…</source>
      <translation>&amp;Nuovo account…</translation>
    </message>
    <message>
      <source>&amp;New password:</source>
      <translation>&amp;Nuova password:</translation>
    </message>
    <message>
      <source>&amp;Next &gt;</source>
      <translation>&amp;Avanti &gt;</translation>
    </message>
    <message>
      <source>&amp;Operators…</source>
      <translation>&amp;Operatori…</translation>
    </message>
    <message>
      <source>&amp;Organisation:</source>
      <translation>&amp;Ente:</translation>
    </message>
    <message>
      <source>&amp;Password:</source>
      <translation>&amp;Password:</translation>
    </message>
    <message>
      <source>&amp;PostgreSQL server of the office</source>
      <translation>Server &amp;PostgreSQL dell'ufficio</translation>
    </message>
    <message>
      <source>&amp;Print the recovery sheet…</source>
      <translation>&amp;Stampa il foglio di recupero…</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Esci</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>A&amp;ggiorna</translation>
    </message>
    <message>
      <source>&amp;Repeat it:</source>
      <translation>&amp;Ripetila:</translation>
    </message>
    <message>
      <source>&amp;Resume</source>
      <translation>&amp;Riprendi</translation>
    </message>
    <message>
      <source>&amp;Role:</source>
      <translation>&amp;Ruolo:</translation>
    </message>
    <message>
      <source>&amp;Save the sheet as PDF…</source>
      <translation>Sal&amp;va il foglio come PDF…</translation>
    </message>
    <message>
      <source>&amp;Show:</source>
      <translation>&amp;Mostra:</translation>
    </message>
    <message>
      <source>&amp;Start Affido</source>
      <translation>&amp;Avvia Affido</translation>
    </message>
    <message>
      <source>&amp;Statistics export…</source>
      <translation>Esportazione &amp;statistica…</translation>
    </message>
    <message>
      <source>&amp;Supervision report of a period…</source>
      <translation>Relazione di &amp;supervisione del periodo…</translation>
    </message>
    <message>
      <source>&amp;Test connection</source>
      <translation>Pro&amp;va connessione</translation>
    </message>
    <message>
      <source>&amp;To:</source>
      <translation>&amp;Al:</translation>
    </message>
    <message>
      <source>&amp;Tools</source>
      <translation>&amp;Strumenti</translation>
    </message>
    <message>
      <source>&amp;Unlock</source>
      <translation>&amp;Sblocca</translation>
    </message>
    <message>
      <source>&amp;User guide</source>
      <translation>&amp;Guida</translation>
    </message>
    <message>
      <source>&amp;User:</source>
      <translation>&amp;Utente:</translation>
    </message>
    <message>
      <source>&amp;Username:</source>
      <translation>&amp;Nome utente:</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>&amp;Visualizza</translation>
    </message>
    <message>
      <source>&amp;Year:</source>
      <translation>&amp;Anno:</translation>
    </message>
    <message>
      <source>(already enrolled)</source>
      <translation>(già iscritto)</translation>
    </message>
    <message>
      <source>(empty rows ignored: {n})</source>
      <translation>(righe vuote ignorate: {n})</translation>
    </message>
    <message>
      <source>(not required for approval)</source>
      <translation>(non necessario per l'idoneità)</translation>
    </message>
    <message>
      <source>* required information</source>
      <translation>* dato obbligatorio</translation>
    </message>
    <message>
      <source>+{n} more</source>
      <translation>+{n} altri</translation>
    </message>
    <message>
      <source>1 day</source>
      <translation>1 giorno</translation>
    </message>
    <message>
      <source>1 elder</source>
      <translation>1 anziano</translation>
    </message>
    <message>
      <source>1 entry</source>
      <translation>1 voce</translation>
    </message>
    <message>
      <source>1 event from {start} to {end} saved in {path}</source>
      <translation>1 evento dal {start} al {end} salvato in {path}</translation>
    </message>
    <message>
      <source>1 fosterer</source>
      <translation>1 affidatario</translation>
    </message>
    <message>
      <source>1 meeting</source>
      <translation>1 incontro</translation>
    </message>
    <message>
      <source>1 open risk flag</source>
      <translation>1 segnalazione di rischio aperta</translation>
    </message>
    <message>
      <source>1 page contains “{text}”:</source>
      <translation>1 pagina contiene «{text}»:</translation>
    </message>
    <message>
      <source>1 pair</source>
      <translation>1 abbinamento</translation>
    </message>
    <message>
      <source>1 pair to supervise</source>
      <translation>1 coppia da supervisionare</translation>
    </message>
    <message>
      <source>1 row</source>
      <translation>1 riga</translation>
    </message>
    <message>
      <source>1 row saved in {path}</source>
      <translation>1 riga salvata in {path}</translation>
    </message>
    <message>
      <source>1 staff member</source>
      <translation>1 operatore</translation>
    </message>
    <message>
      <source>1 waiting elder already has a pair in progress and was not considered.</source>
      <translation>1 anziano in attesa ha già un abbinamento in corso e non è stato considerato.</translation>
    </message>
    <message>
      <source>&lt; &amp;Back</source>
      <translation>&lt; &amp;Indietro</translation>
    </message>
    <message>
      <source>A deactivated account can no longer sign in; its records and history stay. The last active administrator cannot be deactivated or given another role.</source>
      <translation>Un account disattivato non può più accedere; le sue registrazioni e la sua storia restano. L'ultimo amministratore attivo non può essere disattivato né cambiare ruolo.</translation>
    </message>
    <message>
      <source>A note already saved stays with the meeting.</source>
      <translation>Una nota già salvata resta nell'incontro.</translation>
    </message>
    <message>
      <source>A password is saved on this computer: leave the field empty to keep it.</source>
      <translation>Su questo computer è salvata una password: lasciare il campo vuoto per mantenerla.</translation>
    </message>
    <message>
      <source>A recorded risk is closed with “Close risk…”, saying how it was resolved.</source>
      <translation>Una situazione di rischio registrata si chiude con «Chiudi rischio…», indicando come è stata risolta.</translation>
    </message>
    <message>
      <source>A time alone (e.g. 19:00) is read on the day of the start.</source>
      <translation>Un orario da solo (ad es. 19:00) si intende nel giorno di inizio.</translation>
    </message>
    <message>
      <source>A&amp;nonymisation and erasure…</source>
      <translation>A&amp;nonimizzazione e cancellazione…</translation>
    </message>
    <message>
      <source>About Affido</source>
      <translation>Informazioni su Affido</translation>
    </message>
    <message>
      <source>Accept</source>
      <translation>Accetta</translation>
    </message>
    <message>
      <source>Accept all</source>
      <translation>Accetta tutti</translation>
    </message>
    <message>
      <source>Accept all remaining</source>
      <translation>Accetta tutti i rimanenti</translation>
    </message>
    <message>
      <source>Access log</source>
      <translation>Registro degli accessi</translation>
    </message>
    <message>
      <source>Access log – row {n}</source>
      <translation>Registro degli accessi – riga {n}</translation>
    </message>
    <message>
      <source>Account not changed</source>
      <translation>Account non modificato</translation>
    </message>
    <message>
      <source>Account not created</source>
      <translation>Account non creato</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Azione</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Attivo</translation>
    </message>
    <message>
      <source>Active pairs</source>
      <translation>Abbinamenti attivi</translation>
    </message>
    <message>
      <source>Active pairs, by their first meeting of the month against its due date; missing: overdue with no meeting.</source>
      <translation>Abbinamenti attivi, secondo il primo incontro del mese rispetto alla scadenza; mancante: scaduto senza incontri.</translation>
    </message>
    <message>
      <source>Activity report</source>
      <translation>Relazione di attività</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Aggiungi</translation>
    </message>
    <message>
      <source>Add document…</source>
      <translation>Aggiungi documento…</translation>
    </message>
    <message>
      <source>Add member…</source>
      <translation>Aggiungi componente…</translation>
    </message>
    <message>
      <source>Add pairs to the meeting</source>
      <translation>Aggiungi coppie all'incontro</translation>
    </message>
    <message>
      <source>Add pairs…</source>
      <translation>Aggiungi coppie…</translation>
    </message>
    <message>
      <source>Add reference person…</source>
      <translation>Aggiungi persona di riferimento…</translation>
    </message>
    <message>
      <source>Add session…</source>
      <translation>Aggiungi incontro…</translation>
    </message>
    <message>
      <source>Address and contacts</source>
      <translation>Indirizzo e recapiti</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>Aggiungi…</translation>
    </message>
    <message>
      <source>Administrator's &amp;username:</source>
      <translation>&amp;Nome utente dell'amministratore:</translation>
    </message>
    <message>
      <source>Affido cannot start</source>
      <translation>Impossibile avviare Affido</translation>
    </message>
    <message>
      <source>Affido closes now: open it again and log in.</source>
      <translation>Ora Affido si chiude: riaprirlo e accedere di nuovo.</translation>
    </message>
    <message>
      <source>Affido has been locked after a minute without activity, so that no personal data stays on the screen.</source>
      <translation>Affido si è bloccato dopo un minuto di inattività, perché sullo schermo non restino dati personali.</translation>
    </message>
    <message>
      <source>Affido has been locked after {n} minutes without activity, so that no personal data stays on the screen.</source>
      <translation>Affido si è bloccato dopo {n} minuti di inattività, perché sullo schermo non restino dati personali.</translation>
    </message>
    <message>
      <source>Affido has been locked, so that no personal data stays on the screen.</source>
      <translation>Affido è stato bloccato perché sullo schermo non restino dati personali.</translation>
    </message>
    <message>
      <source>Affido is already open on this database on this computer ({name}). Use the window that is already open (it may be minimised or behind other windows), or close it before starting Affido again.</source>
      <translation>Affido è già aperto su questo database su questo computer ({name}). Usare la finestra già aperta (può essere ridotta a icona o nascosta dietro altre finestre), oppure chiuderla prima di avviare di nuovo Affido.</translation>
    </message>
    <message>
      <source>Affido is locked</source>
      <translation>Affido è bloccato</translation>
    </message>
    <message>
      <source>Affido makes an encrypted, verified copy of the database when it closes and at least once a day. It keeps the last 7 daily, 4 weekly and 12 monthly copies; copies made before a restore or an upgrade are kept as well.</source>
      <translation>Affido fa una copia cifrata e verificata del database alla chiusura e almeno una volta al giorno. Conserva le ultime 7 copie giornaliere, 4 settimanali e 12 mensili; conserva anche le copie fatte prima di un ripristino o di un aggiornamento.</translation>
    </message>
    <message>
      <source>Affido user guide</source>
      <translation>Guida di Affido</translation>
    </message>
    <message>
      <source>Affido will create its database on this computer, encrypted: without a password nobody can read it, not even by copying the file.</source>
      <translation>Affido creerà il suo database su questo computer, cifrato: senza una password nessuno può leggerlo, nemmeno copiando il file.</translation>
    </message>
    <message>
      <source>Affido {version}
Case management for the “Mi affido a te” daytime foster care programme.</source>
      <translation>Affido {version}
Gestione del progetto di affido diurno di anziani «Mi affido a te».</translation>
    </message>
    <message>
      <source>Affido — Mi affido a te</source>
      <translation>Affido — Mi affido a te</translation>
    </message>
    <message>
      <source>Affido — first set-up</source>
      <translation>Affido — prima configurazione</translation>
    </message>
    <message>
      <source>Affido — locked</source>
      <translation>Affido — bloccato</translation>
    </message>
    <message>
      <source>Affido — sign in</source>
      <translation>Affido — accesso</translation>
    </message>
    <message>
      <source>After this many minutes without use, Affido hides every window and asks the password again; nothing typed is lost. From {low} to {high} minutes; it applies to every computer of the office.</source>
      <translation>Dopo questi minuti senza utilizzo Affido nasconde tutte le finestre e chiede di nuovo la password; nulla di quanto scritto va perso. Da {low} a {high} minuti; vale per tutti i computer dell'ufficio.</translation>
    </message>
    <message>
      <source>Age at the date of the interview; UVG care and consent as on file today.</source>
      <translation>Età alla data del colloquio; presa in carico UVG e consenso secondo quanto registrato oggi.</translation>
    </message>
    <message>
      <source>Aged {age} at the interview: the age requirement ({minimum} or over) is met</source>
      <translation>Ha {age} anni alla data del colloquio: requisito di età ({minimum} anni o più) soddisfatto</translation>
    </message>
    <message>
      <source>All actions</source>
      <translation>Tutte le azioni</translation>
    </message>
    <message>
      <source>All kinds of record</source>
      <translation>Tutti i tipi di record</translation>
    </message>
    <message>
      <source>All months</source>
      <translation>Tutti i mesi</translation>
    </message>
    <message>
      <source>All operators</source>
      <translation>Tutti gli operatori</translation>
    </message>
    <message>
      <source>All present</source>
      <translation>Tutti presenti</translation>
    </message>
    <message>
      <source>All statuses</source>
      <translation>Tutti gli stati</translation>
    </message>
    <message>
      <source>All towns</source>
      <translation>Tutti i comuni</translation>
    </message>
    <message>
      <source>All years</source>
      <translation>Tutti gli anni</translation>
    </message>
    <message>
      <source>Allergies, pets, smoke</source>
      <translation>Allergie, animali, fumo</translation>
    </message>
    <message>
      <source>An Excel (.xlsx) or CSV file with one person per row and the column names in one of the first rows.</source>
      <translation>Un file Excel (.xlsx) o CSV con una persona per riga e i nomi delle colonne in una delle prime righe.</translation>
    </message>
    <message>
      <source>An administrator who forgot the password can set a new one with the recovery code, printed on the recovery sheet when the database was created (14 groups of 4 characters). The other operators ask an administrator to set a new password.</source>
      <translation>Un amministratore che ha dimenticato la password può impostarne una nuova con il codice di recupero, stampato sul foglio di recupero quando il database è stato creato (14 gruppi di 4 caratteri). Gli altri operatori chiedono a un amministratore di impostare una nuova password.</translation>
    </message>
    <message>
      <source>Anonymisation and erasure</source>
      <translation>Anonimizzazione e cancellazione</translation>
    </message>
    <message>
      <source>Anonymise</source>
      <translation>Anonimizza</translation>
    </message>
    <message>
      <source>Anonymise instead…</source>
      <translation>Anonimizza invece…</translation>
    </message>
    <message>
      <source>Anonymise selected records</source>
      <translation>Anonimizza le schede selezionate</translation>
    </message>
    <message>
      <source>Anonymise selected…</source>
      <translation>Anonimizza le selezionate…</translation>
    </message>
    <message>
      <source>Anonymise the record</source>
      <translation>Anonimizza la scheda</translation>
    </message>
    <message>
      <source>Anonymise the record…</source>
      <translation>Anonimizza la scheda…</translation>
    </message>
    <message>
      <source>Any date</source>
      <translation>Qualsiasi data</translation>
    </message>
    <message>
      <source>Any fragility</source>
      <translation>Qualsiasi fragilità</translation>
    </message>
    <message>
      <source>Application being examined</source>
      <translation>Candidatura in esame</translation>
    </message>
    <message>
      <source>Approval is possible once nothing is missing.</source>
      <translation>L'idoneità si può dichiarare quando non manca più nulla.</translation>
    </message>
    <message>
      <source>Approve</source>
      <translation>Approva</translation>
    </message>
    <message>
      <source>Approve the fosterer</source>
      <translation>Dichiarare idoneo l'affidatario</translation>
    </message>
    <message>
      <source>Approve the selected entries</source>
      <translation>Approva le voci selezionate</translation>
    </message>
    <message>
      <source>Approved fosterers</source>
      <translation>Affidatari idonei</translation>
    </message>
    <message>
      <source>Approved, to be paid</source>
      <translation>Approvate, da liquidare</translation>
    </message>
    <message>
      <source>Approved, waiting for a first pair</source>
      <translation>Idonei in attesa del primo abbinamento</translation>
    </message>
    <message>
      <source>Approve…</source>
      <translation>Dichiara idoneo…</translation>
    </message>
    <message>
      <source>Ask an administrator of Affido to set a new password for you: you will change it at your first login.</source>
      <translation>Chiedere a un amministratore di Affido di impostare una nuova password: la si cambierà al primo accesso.</translation>
    </message>
    <message>
      <source>Ask an administrator to make one (Tools → Backups…).</source>
      <translation>Chiedere a un amministratore di eseguirne una (Strumenti → Copie di sicurezza…).</translation>
    </message>
    <message>
      <source>At least {n} core sessions out of {total} in the calendar</source>
      <translation>Almeno {n} incontri obbligatori sui {total} in calendario</translation>
    </message>
    <message>
      <source>At most {n} characters.</source>
      <translation>Al massimo {n} caratteri.</translation>
    </message>
    <message>
      <source>At this stage now</source>
      <translation>Ora in questa fase</translation>
    </message>
    <message>
      <source>Attach signed form</source>
      <translation>Allega modulo firmato</translation>
    </message>
    <message>
      <source>Attach signed form…</source>
      <translation>Allega modulo firmato…</translation>
    </message>
    <message>
      <source>Attached</source>
      <translation>Allegato</translation>
    </message>
    <message>
      <source>Attendance</source>
      <translation>Presenze</translation>
    </message>
    <message>
      <source>Attendance and completion</source>
      <translation>Presenze e completamento</translation>
    </message>
    <message>
      <source>Attendance register</source>
      <translation>Registro presenze</translation>
    </message>
    <message>
      <source>Attendance register – {topic}</source>
      <translation>Registro presenze – {topic}</translation>
    </message>
    <message>
      <source>Automatic &amp;lock…</source>
      <translation>&amp;Blocco automatico…</translation>
    </message>
    <message>
      <source>Automatic lock</source>
      <translation>Blocco automatico</translation>
    </message>
    <message>
      <source>Availability</source>
      <translation>Disponibilità</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Indietro</translation>
    </message>
    <message>
      <source>Back to the form, as it was: nothing is saved and nothing is lost.</source>
      <translation>Torna al modulo così com'era: non viene salvato nulla e non si perde nulla.</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>Esegui copia ora</translation>
    </message>
    <message>
      <source>Backing up the database before closing…</source>
      <translation>Copia di sicurezza del database prima della chiusura…</translation>
    </message>
    <message>
      <source>Backing up the database…</source>
      <translation>Copia di sicurezza del database in corso…</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>Copia</translation>
    </message>
    <message>
      <source>Backup not made</source>
      <translation>Copia di sicurezza non eseguita</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>Copie di sicurezza</translation>
    </message>
    <message>
      <source>Before a restore</source>
      <translation>Prima del ripristino</translation>
    </message>
    <message>
      <source>Before an upgrade</source>
      <translation>Prima dell'aggiornamento</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>Data di nascita</translation>
    </message>
    <message>
      <source>Born</source>
      <translation>Data di nascita</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>Sfoglia…</translation>
    </message>
    <message>
      <source>C&amp;hoose…</source>
      <translation>Sce&amp;gli…</translation>
    </message>
    <message>
      <source>CA certificate</source>
      <translation>Certificato dell'autorità (CA)</translation>
    </message>
    <message>
      <source>CSV file, separated by semicolons (*.csv)</source>
      <translation>File CSV, separato da punto e virgola (*.csv)</translation>
    </message>
    <message>
      <source>Calendar</source>
      <translation>Calendario</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annulla</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Annullamento in corso…</translation>
    </message>
    <message>
      <source>Candidate fosterers by stage, longest waiting first. Select a candidate to see what their approval still needs.</source>
      <translation>Candidati affidatari per fase, dal più in attesa. Selezionare un candidato per vedere che cosa manca ancora per dichiararne l'idoneità.</translation>
    </message>
    <message>
      <source>Cannot open the course</source>
      <translation>Impossibile aprire il percorso</translation>
    </message>
    <message>
      <source>Cannot open the entry</source>
      <translation>Impossibile aprire la voce</translation>
    </message>
    <message>
      <source>Cannot open the interview</source>
      <translation>Impossibile aprire il colloquio</translation>
    </message>
    <message>
      <source>Cannot open the note</source>
      <translation>Impossibile aprire la nota</translation>
    </message>
    <message>
      <source>Cannot open the pair</source>
      <translation>Impossibile aprire l'abbinamento</translation>
    </message>
    <message>
      <source>Cannot open the record</source>
      <translation>Impossibile aprire la scheda</translation>
    </message>
    <message>
      <source>Cannot open the register</source>
      <translation>Impossibile aprire il registro presenze</translation>
    </message>
    <message>
      <source>Cannot open the session</source>
      <translation>Impossibile aprire l'incontro</translation>
    </message>
    <message>
      <source>Cannot open the supervision meeting</source>
      <translation>Impossibile aprire l'incontro di supervisione</translation>
    </message>
    <message>
      <source>Cannot resume the draft</source>
      <translation>Impossibile riprendere la bozza</translation>
    </message>
    <message>
      <source>Cannot show the list</source>
      <translation>Impossibile mostrare l'elenco</translation>
    </message>
    <message>
      <source>Ceased before a first pair</source>
      <translation>Cessati prima di un abbinamento</translation>
    </message>
    <message>
      <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
      <translation>Certificati (*.crt *.pem *.cer);;Tutti i file (*)</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>Cambiamento</translation>
    </message>
    <message>
      <source>Change &amp;password…</source>
      <translation>Cambia &amp;password…</translation>
    </message>
    <message>
      <source>Change &amp;role…</source>
      <translation>Cambia &amp;ruolo…</translation>
    </message>
    <message>
      <source>Change frequency</source>
      <translation>Cambia frequenza</translation>
    </message>
    <message>
      <source>Change frequency…</source>
      <translation>Cambia frequenza…</translation>
    </message>
    <message>
      <source>Change password</source>
      <translation>Cambia password</translation>
    </message>
    <message>
      <source>Change rate</source>
      <translation>Cambia tariffa</translation>
    </message>
    <message>
      <source>Change role</source>
      <translation>Cambia ruolo</translation>
    </message>
    <message>
      <source>Change status</source>
      <translation>Cambia stato</translation>
    </message>
    <message>
      <source>Change status…</source>
      <translation>Cambia stato…</translation>
    </message>
    <message>
      <source>Change the outcome</source>
      <translation>Modifica dell'esito</translation>
    </message>
    <message>
      <source>Change the status of the pair</source>
      <translation>Cambia lo stato dell'abbinamento</translation>
    </message>
    <message>
      <source>Changed by the other user: {n}</source>
      <translation>Cambiati dall'altro operatore: {n}</translation>
    </message>
    <message>
      <source>Changing the outcome withdraws the sign-offs already given: the interviewers will have to sign it off again.</source>
      <translation>Cambiando l'esito si annullano le firme già apposte: gli operatori dovranno firmarlo di nuovo.</translation>
    </message>
    <message>
      <source>Check again</source>
      <translation>Controlla di nuovo</translation>
    </message>
    <message>
      <source>Check them before saving a new record.</source>
      <translation>Controllarli prima di salvare una nuova scheda.</translation>
    </message>
    <message>
      <source>Check which information each column of the file holds. Columns set to "— do not import —" are ignored.</source>
      <translation>Controllare quale dato contiene ogni colonna del file. Le colonne impostate su «— non importare —» sono ignorate.</translation>
    </message>
    <message>
      <source>Checking the rows…</source>
      <translation>Controllo delle righe…</translation>
    </message>
    <message>
      <source>Choose a PNG or JPEG image.</source>
      <translation>Scegliere un'immagine PNG o JPEG.</translation>
    </message>
    <message>
      <source>Choose a course on the left to see its sessions and the fosterers enrolled.</source>
      <translation>Scegliere un percorso a sinistra per vederne gli incontri e gli affidatari iscritti.</translation>
    </message>
    <message>
      <source>Choose a month to see its entries; the last row lists the whole year.</source>
      <translation>Scegliere un mese per vederne le voci; l'ultima riga elenca tutto l'anno.</translation>
    </message>
    <message>
      <source>Choose a person in the filter to print who consulted their records.</source>
      <translation>Scegliere una persona nel filtro per stampare chi ha consultato i suoi dati.</translation>
    </message>
    <message>
      <source>Choose a year first</source>
      <translation>Scegliere prima l'anno</translation>
    </message>
    <message>
      <source>Choose and save an outcome before signing off.</source>
      <translation>Prima della firma occorre indicare e salvare l'esito.</translation>
    </message>
    <message>
      <source>Choose at least one kind of event to show.</source>
      <translation>Scegliere almeno un tipo di evento da mostrare.</translation>
    </message>
    <message>
      <source>Choose from the calendar</source>
      <translation>Scegli dal calendario</translation>
    </message>
    <message>
      <source>Choose logo…</source>
      <translation>Scegli il logo…</translation>
    </message>
    <message>
      <source>Choose one or more fosterers (Ctrl+click to choose several):</source>
      <translation>Scegliere uno o più affidatari (Ctrl+clic per sceglierne più di uno):</translation>
    </message>
    <message>
      <source>Choose the elder to find fosterers for. Only elders waiting for a pair are listed.</source>
      <translation>Scegliere l'anziano per cui cercare affidatari. Sono elencati solo gli anziani in attesa di abbinamento.</translation>
    </message>
    <message>
      <source>Choose the file</source>
      <translation>Scelta del file</translation>
    </message>
    <message>
      <source>Choose the logo</source>
      <translation>Scegli il logo</translation>
    </message>
    <message>
      <source>Choose the new status.</source>
      <translation>Scegliere il nuovo stato.</translation>
    </message>
    <message>
      <source>Choose where this computer keeps the data: in its own database, or on the office's PostgreSQL server, shared by every computer of the office.</source>
      <translation>Scegliere dove questo computer tiene i dati: in un database proprio, oppure sul server PostgreSQL dell'ufficio, condiviso da tutti i computer dell'ufficio.</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>Scegli…</translation>
    </message>
    <message>
      <source>Clear selection</source>
      <translation>Deseleziona tutto</translation>
    </message>
    <message>
      <source>Click a cell, or use the arrows and the space bar. Click a day to select the whole day.</source>
      <translation>Fare clic su una casella, oppure usare le frecce e la barra spaziatrice. Fare clic su un giorno per selezionarlo tutto.</translation>
    </message>
    <message>
      <source>Click a dot or a bar, or press Enter, to list the records</source>
      <translation>Fare clic su un punto o su una barra, o premere Invio, per vedere l'elenco delle schede</translation>
    </message>
    <message>
      <source>Click or press Enter to list them</source>
      <translation>Clic o Invio per l'elenco</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Chiudi</translation>
    </message>
    <message>
      <source>Close risk: {pair}</source>
      <translation>Chiudi rischio: {pair}</translation>
    </message>
    <message>
      <source>Close risk…</source>
      <translation>Chiudi rischio…</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>Chiuso</translation>
    </message>
    <message>
      <source>Closed on</source>
      <translation>Conclusa il</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>Colonna</translation>
    </message>
    <message>
      <source>Column names found in row {row} of «{file}».</source>
      <translation>Nomi delle colonne trovati nella riga {row} di «{file}».</translation>
    </message>
    <message>
      <source>Columns</source>
      <translation>Colonne</translation>
    </message>
    <message>
      <source>Compare</source>
      <translation>Confronta</translation>
    </message>
    <message>
      <source>Compare – {name}</source>
      <translation>Confronto – {name}</translation>
    </message>
    <message>
      <source>Compatibility</source>
      <translation>Compatibilità</translation>
    </message>
    <message>
      <source>Compatibility {score} out of 100</source>
      <translation>Compatibilità {score} su 100</translation>
    </message>
    <message>
      <source>Completed</source>
      <translation>Completato</translation>
    </message>
    <message>
      <source>Completion</source>
      <translation>Completamento</translation>
    </message>
    <message>
      <source>Composing the pages…</source>
      <translation>Impaginazione…</translation>
    </message>
    <message>
      <source>Computing the plan…</source>
      <translation>Calcolo del piano in corso…</translation>
    </message>
    <message>
      <source>Comune</source>
      <translation>Comune</translation>
    </message>
    <message>
      <source>Confidential notes of the meeting</source>
      <translation>Note riservate dell'incontro</translation>
    </message>
    <message>
      <source>Connecting to {server}…</source>
      <translation>Connessione a {server}…</translation>
    </message>
    <message>
      <source>Consent</source>
      <translation>Consenso</translation>
    </message>
    <message>
      <source>Consent to data processing on file</source>
      <translation>Consenso al trattamento dei dati presente</translation>
    </message>
    <message>
      <source>Consents</source>
      <translation>Consensi</translation>
    </message>
    <message>
      <source>Consents to data processing</source>
      <translation>Consensi al trattamento dei dati</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>Contatti</translation>
    </message>
    <message>
      <source>Contacts and references</source>
      <translation>Contatti e riferimenti</translation>
    </message>
    <message>
      <source>Contents</source>
      <translation>Indice</translation>
    </message>
    <message>
      <source>Coordinates of the comuni: GeoNames (geonames.org), CC BY 4.0.</source>
      <translation>Coordinate dei comuni: GeoNames (geonames.org), CC BY 4.0.</translation>
    </message>
    <message>
      <source>Copies of the database (*.db);;All files (*)</source>
      <translation>Copie del database (*.db);;Tutti i file (*)</translation>
    </message>
    <message>
      <source>Copy birth date, sex and birthplace from the codice fiscale</source>
      <translation>Copia data di nascita, sesso e luogo di nascita dal codice fiscale</translation>
    </message>
    <message>
      <source>Core</source>
      <translation>Obbligatorio</translation>
    </message>
    <message>
      <source>Core sessions</source>
      <translation>Incontri obbligatori</translation>
    </message>
    <message>
      <source>Core sessions attended</source>
      <translation>Incontri obbligatori frequentati</translation>
    </message>
    <message>
      <source>Correct the kilometres or the costs to see the total.</source>
      <translation>Correggere i chilometri o le spese per vedere il totale.</translation>
    </message>
    <message>
      <source>Costs</source>
      <translation>Spese</translation>
    </message>
    <message>
      <source>Course and sessions</source>
      <translation>Percorso e incontri</translation>
    </message>
    <message>
      <source>Course: {title}</source>
      <translation>Percorso: {title}</translation>
    </message>
    <message>
      <source>Create one with “New course…”.</source>
      <translation>Per crearne uno usare «Nuovo percorso…».</translation>
    </message>
    <message>
      <source>Create the account</source>
      <translation>Crea l'account</translation>
    </message>
    <message>
      <source>Create the database</source>
      <translation>Crea il database</translation>
    </message>
    <message>
      <source>Creating the demo database…</source>
      <translation>Creazione del database dimostrativo…</translation>
    </message>
    <message>
      <source>Criteria not changed</source>
      <translation>Criteri non modificati</translation>
    </message>
    <message>
      <source>Criterion</source>
      <translation>Criterio</translation>
    </message>
    <message>
      <source>Current rate: {rate} €/km</source>
      <translation>Tariffa attuale: {rate} €/km</translation>
    </message>
    <message>
      <source>Damaged database</source>
      <translation>Database danneggiato</translation>
    </message>
    <message>
      <source>Damaged, before a restore</source>
      <translation>Danneggiato, prima del ripristino</translation>
    </message>
    <message>
      <source>Dashboard</source>
      <translation>Cruscotto</translation>
    </message>
    <message>
      <source>Data from the codice fiscale</source>
      <translation>Dati dal codice fiscale</translation>
    </message>
    <message>
      <source>Data not erased</source>
      <translation>Dati non cancellati</translation>
    </message>
    <message>
      <source>Data refreshed</source>
      <translation>Dati aggiornati</translation>
    </message>
    <message>
      <source>Data&amp;base:</source>
      <translation>Data&amp;base:</translation>
    </message>
    <message>
      <source>Database not created</source>
      <translation>Database non creato</translation>
    </message>
    <message>
      <source>Database: {where}</source>
      <translation>Database: {where}</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>Data</translation>
    </message>
    <message>
      <source>Date and time</source>
      <translation>Data e ora</translation>
    </message>
    <message>
      <source>Date of the change</source>
      <translation>Data del cambio di stato</translation>
    </message>
    <message>
      <source>Days and times</source>
      <translation>Giorni e orari</translation>
    </message>
    <message>
      <source>Days and times ({n})</source>
      <translation>Giorni e orari ({n})</translation>
    </message>
    <message>
      <source>Deactivate</source>
      <translation>Disattiva</translation>
    </message>
    <message>
      <source>Deactivate the account of {name}? They will no longer be able to sign in; their records and history stay.</source>
      <translation>Disattivare l'account di {name}? Non potrà più accedere; le sue registrazioni e la sua storia restano.</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>Decisione</translation>
    </message>
    <message>
      <source>Declare suitable</source>
      <translation>Dichiara idoneo</translation>
    </message>
    <message>
      <source>Declare {name} suitable to foster?
The status becomes “{status}” from today.</source>
      <translation>Dichiarare idoneo/a all'affido {name}?
Da oggi lo stato diventa «{status}».</translation>
    </message>
    <message>
      <source>Default folder</source>
      <translation>Cartella predefinita</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Elimina</translation>
    </message>
    <message>
      <source>Delete course</source>
      <translation>Elimina percorso</translation>
    </message>
    <message>
      <source>Delete draft</source>
      <translation>Elimina bozza</translation>
    </message>
    <message>
      <source>Delete entry</source>
      <translation>Elimina voce</translation>
    </message>
    <message>
      <source>Delete the course “{title}” with its sessions and enrolments?</source>
      <translation>Eliminare il percorso «{title}» con i suoi incontri e le iscrizioni?</translation>
    </message>
    <message>
      <source>Delete the draft «{what}»? What you had typed will be lost.</source>
      <translation>Eliminare la bozza «{what}»? Quanto aveva inserito andrà perso.</translation>
    </message>
    <message>
      <source>Delete the entry of {date} ({total})? It cannot be undone.</source>
      <translation>Eliminare la voce del {date} ({total})? L'operazione non si può annullare.</translation>
    </message>
    <message>
      <source>Demo database: invented data. Click an account to fill in the form; every password is “{password}”.</source>
      <translation>Database dimostrativo: dati inventati. Fare clic su un account per compilare il modulo; la password di tutti è «{password}».</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>Descrizione</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Dettaglio</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Dettagli</translation>
    </message>
    <message>
      <source>Details of the reason</source>
      <translation>Dettaglio del motivo</translation>
    </message>
    <message>
      <source>Details…</source>
      <translation>Dettagli…</translation>
    </message>
    <message>
      <source>Discard your changes and show the record as the other user saved it.</source>
      <translation>Scarta le tue modifiche e mostra la scheda come l'ha salvata l'altro operatore.</translation>
    </message>
    <message>
      <source>Do not restore</source>
      <translation>Non ripristinare</translation>
    </message>
    <message>
      <source>Do you want to save the changes?</source>
      <translation>Vuoi salvare le modifiche?</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>Documento</translation>
    </message>
    <message>
      <source>Document &amp;letterhead…</source>
      <translation>&amp;Intestazione dei documenti…</translation>
    </message>
    <message>
      <source>Document not prepared</source>
      <translation>Documento non preparato</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>Documenti</translation>
    </message>
    <message>
      <source>Documents on file</source>
      <translation>Documenti agli atti</translation>
    </message>
    <message>
      <source>Don't save</source>
      <translation>Non salvare</translation>
    </message>
    <message>
      <source>Double-click or press Enter to open the elder's record</source>
      <translation>Doppio clic o Invio per aprire la scheda dell'anziano</translation>
    </message>
    <message>
      <source>Double-click or press Enter to open the note that flagged the risk</source>
      <translation>Doppio clic o Invio per aprire la nota che ha segnalato il rischio</translation>
    </message>
    <message>
      <source>Double-click or press Enter to open the record</source>
      <translation>Doppio clic o Invio per aprire la scheda</translation>
    </message>
    <message>
      <source>Double-click to open the elder's record</source>
      <translation>Doppio clic per aprire la scheda dell'anziano</translation>
    </message>
    <message>
      <source>Double-click to open the entry; select several entries to approve or pay them together.</source>
      <translation>Doppio clic per aprire la voce; selezionare più voci per approvarle o liquidarle insieme.</translation>
    </message>
    <message>
      <source>Draft not deleted</source>
      <translation>Bozza non eliminata</translation>
    </message>
    <message>
      <source>Due in {n} days</source>
      <translation>Prevista tra {n} giorni</translation>
    </message>
    <message>
      <source>Due today</source>
      <translation>Prevista oggi</translation>
    </message>
    <message>
      <source>Due tomorrow</source>
      <translation>Prevista domani</translation>
    </message>
    <message>
      <source>E&amp;xport the list…</source>
      <translation>Esporta l'e&amp;lenco…</translation>
    </message>
    <message>
      <source>ERASE</source>
      <translation>CANCELLA</translation>
    </message>
    <message>
      <source>Each criterion counts in proportion to its weight: the shares of the 100 points are shown on the right. Fosterers farther than the maximum distance are never suggested.</source>
      <translation>Ogni criterio conta in proporzione al suo peso: le quote dei 100 punti sono indicate qui sotto. Gli affidatari oltre la distanza massima non vengono mai proposti.</translation>
    </message>
    <message>
      <source>Each piece of information can come from one column only: {fields}.</source>
      <translation>Ogni dato può venire da una sola colonna: {fields}.</translation>
    </message>
    <message>
      <source>Edit course…</source>
      <translation>Modifica percorso…</translation>
    </message>
    <message>
      <source>Edit session…</source>
      <translation>Modifica incontro…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>Modifica…</translation>
    </message>
    <message>
      <source>Elder</source>
      <translation>Anziano</translation>
    </message>
    <message>
      <source>Elder record of {name}</source>
      <translation>Scheda anziano di {name}</translation>
    </message>
    <message>
      <source>Elder – {name}</source>
      <translation>Anziano – {name}</translation>
    </message>
    <message>
      <source>Elder's wellbeing</source>
      <translation>Benessere dell'anziano</translation>
    </message>
    <message>
      <source>Elders</source>
      <translation>Anziani</translation>
    </message>
    <message>
      <source>Elders by status</source>
      <translation>Anziani per stato</translation>
    </message>
    <message>
      <source>Elders in the programme</source>
      <translation>Anziani nel progetto</translation>
    </message>
    <message>
      <source>Elders left without a proposal</source>
      <translation>Anziani rimasti senza proposta</translation>
    </message>
    <message>
      <source>Elders waiting longest for a match</source>
      <translation>Anziani in attesa di abbinamento da più tempo</translation>
    </message>
    <message>
      <source>Eligibility</source>
      <translation>Requisiti di accesso</translation>
    </message>
    <message>
      <source>Ended on {date}</source>
      <translation>Concluso il {date}</translation>
    </message>
    <message>
      <source>Enrol</source>
      <translation>Iscrivi</translation>
    </message>
    <message>
      <source>Enrol fosterers</source>
      <translation>Iscrivi affidatari</translation>
    </message>
    <message>
      <source>Enrol fosterers – {course}</source>
      <translation>Iscrivi affidatari – {course}</translation>
    </message>
    <message>
      <source>Enrol fosterer…</source>
      <translation>Iscrivi affidatario…</translation>
    </message>
    <message>
      <source>Enrol {n}</source>
      <translation>Iscrivi {n}</translation>
    </message>
    <message>
      <source>Enrolled</source>
      <translation>Iscritti</translation>
    </message>
    <message>
      <source>Enrolled on</source>
      <translation>Iscritto il</translation>
    </message>
    <message>
      <source>Enter a date.</source>
      <translation>Indicare una data.</translation>
    </message>
    <message>
      <source>Enter the name of the organisation.</source>
      <translation>Indicare il nome dell'ente.</translation>
    </message>
    <message>
      <source>Entries are recorded and approved in the fosterer's record and in the Expenses section.</source>
      <translation>Le spese si registrano e si approvano nella scheda dell'affidatario e nella sezione Rimborsi.</translation>
    </message>
    <message>
      <source>Entries not approved</source>
      <translation>Voci non approvate</translation>
    </message>
    <message>
      <source>Entries not marked as paid</source>
      <translation>Voci non segnate come liquidate</translation>
    </message>
    <message>
      <source>Entries of the year {year}</source>
      <translation>Voci dell'anno {year}</translation>
    </message>
    <message>
      <source>Entries of {month} {year}</source>
      <translation>Voci di {month} {year}</translation>
    </message>
    <message>
      <source>Entries waiting for a decision and entries approved but not paid yet, for all fosterers, oldest first.</source>
      <translation>Voci in attesa di decisione e voci approvate ma non ancora liquidate, di tutti gli affidatari, dalla più vecchia.</translation>
    </message>
    <message>
      <source>Entry not approved</source>
      <translation>Voce non approvata</translation>
    </message>
    <message>
      <source>Entry not deleted</source>
      <translation>Voce non eliminata</translation>
    </message>
    <message>
      <source>Entry not marked as paid</source>
      <translation>Voce non segnata come liquidata</translation>
    </message>
    <message>
      <source>Entry not rejected</source>
      <translation>Voce non respinta</translation>
    </message>
    <message>
      <source>Entry not submitted</source>
      <translation>Voce non presentata</translation>
    </message>
    <message>
      <source>Entry of {date}, {total}</source>
      <translation>Voce del {date}, {total}</translation>
    </message>
    <message>
      <source>Erase</source>
      <translation>Cancella</translation>
    </message>
    <message>
      <source>Erase the person's data</source>
      <translation>Cancella i dati della persona</translation>
    </message>
    <message>
      <source>Erase the person's data…</source>
      <translation>Cancella i dati della persona…</translation>
    </message>
    <message>
      <source>Every candidate, by the furthest stage reached; paired: a pair has started.</source>
      <translation>Ogni candidato, secondo la fase più avanzata raggiunta; abbinato: un abbinamento è stato avviato.</translation>
    </message>
    <message>
      <source>Every core session ({n} in the calendar)</source>
      <translation>Tutti gli incontri obbligatori ({n} in calendario)</translation>
    </message>
    <message>
      <source>Every elder considered has a proposal.</source>
      <translation>Ogni anziano considerato ha una proposta.</translation>
    </message>
    <message>
      <source>Every pair</source>
      <translation>Tutti gli abbinamenti</translation>
    </message>
    <message>
      <source>Every running pair</source>
      <translation>Tutte le coppie in corso</translation>
    </message>
    <message>
      <source>Every running pair has been supervised on time.</source>
      <translation>Tutte le coppie in corso sono state supervisionate nei tempi previsti.</translation>
    </message>
    <message>
      <source>Everything about this person is deleted for good: the record, reference people or household, documents, consents, interviews, attached files. Only the audit log keeps a line saying that a record was erased. This cannot be undone.</source>
      <translation>Tutti i dati della persona vengono eliminati definitivamente: la scheda, le persone di riferimento o il nucleo familiare, i documenti, i consensi, i colloqui, i file allegati. Solo il registro degli accessi conserva una riga che indica la cancellazione di una scheda. L'operazione non si può annullare.</translation>
    </message>
    <message>
      <source>Everything held about this person, as JSON and PDF files (GDPR art. 15 and 20)</source>
      <translation>Tutti i dati conservati sulla persona, in file JSON e PDF (artt. 15 e 20 GDPR)</translation>
    </message>
    <message>
      <source>Examples</source>
      <translation>Esempi</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Cartella di lavoro Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Excluded candidates</source>
      <translation>Candidati esclusi</translation>
    </message>
    <message>
      <source>Expense entry — {name}</source>
      <translation>Voce di rimborso — {name}</translation>
    </message>
    <message>
      <source>Expenses</source>
      <translation>Rimborsi</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>Scaduto</translation>
    </message>
    <message>
      <source>Expired on {date}</source>
      <translation>Scaduto il {date}</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Esporta</translation>
    </message>
    <message>
      <source>Export not completed</source>
      <translation>Esportazione non completata</translation>
    </message>
    <message>
      <source>Export the list</source>
      <translation>Esporta l'elenco</translation>
    </message>
    <message>
      <source>Export the person's data</source>
      <translation>Esporta i dati della persona</translation>
    </message>
    <message>
      <source>Export the person's data…</source>
      <translation>Esporta i dati della persona…</translation>
    </message>
    <message>
      <source>Export to calendar</source>
      <translation>Esporta nel calendario</translation>
    </message>
    <message>
      <source>Export to calendar (.ics)…</source>
      <translation>Esporta nel calendario (.ics)…</translation>
    </message>
    <message>
      <source>Exporting the list…</source>
      <translation>Esportazione dell'elenco…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Esporta…</translation>
    </message>
    <message>
      <source>Family doctor</source>
      <translation>Medico di famiglia</translation>
    </message>
    <message>
      <source>Favourable interview signed off by a psychologist and a social worker</source>
      <translation>Colloquio con esito favorevole firmato da uno psicologo e da un assistente sociale</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>Campo</translation>
    </message>
    <message>
      <source>File</source>
      <translation>File</translation>
    </message>
    <message>
      <source>File not saved</source>
      <translation>File non salvato</translation>
    </message>
    <message>
      <source>File: {path}</source>
      <translation>File: {path}</translation>
    </message>
    <message>
      <source>Files saved:
{files}</source>
      <translation>File salvati:
{files}</translation>
    </message>
    <message>
      <source>Fill in from the code</source>
      <translation>Compila dal codice</translation>
    </message>
    <message>
      <source>Find a pair by name</source>
      <translation>Cerca una coppia per nome</translation>
    </message>
    <message>
      <source>Fit the page to the width of the window (Ctrl+0)</source>
      <translation>Adatta la pagina alla larghezza della finestra (Ctrl+0)</translation>
    </message>
    <message>
      <source>Fit width</source>
      <translation>Adatta alla larghezza</translation>
    </message>
    <message>
      <source>Folder not changed</source>
      <translation>Cartella non modificata</translation>
    </message>
    <message>
      <source>Folder of the copies</source>
      <translation>Cartella delle copie</translation>
    </message>
    <message>
      <source>Folder of the copies:</source>
      <translation>Cartella delle copie:</translation>
    </message>
    <message>
      <source>Folder of the export</source>
      <translation>Cartella dell'esportazione</translation>
    </message>
    <message>
      <source>Folder:</source>
      <translation>Cartella:</translation>
    </message>
    <message>
      <source>For approval</source>
      <translation>Per l'idoneità</translation>
    </message>
    <message>
      <source>Forgot your password?</source>
      <translation>Password dimenticata?</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>Scheda</translation>
    </message>
    <message>
      <source>Forward</source>
      <translation>Avanti</translation>
    </message>
    <message>
      <source>Foster agreement</source>
      <translation>Patto di affido</translation>
    </message>
    <message>
      <source>Fosterer</source>
      <translation>Affidatario</translation>
    </message>
    <message>
      <source>Fosterer not approved</source>
      <translation>Idoneità non registrata</translation>
    </message>
    <message>
      <source>Fosterer record of {name}</source>
      <translation>Scheda affidatario di {name}</translation>
    </message>
    <message>
      <source>Fosterer selection</source>
      <translation>Selezione degli affidatari</translation>
    </message>
    <message>
      <source>Fosterer – {name}</source>
      <translation>Affidatario – {name}</translation>
    </message>
    <message>
      <source>Fosterer's record</source>
      <translation>Scheda dell'affidatario</translation>
    </message>
    <message>
      <source>Fosterer's wellbeing</source>
      <translation>Benessere dell'affidatario</translation>
    </message>
    <message>
      <source>Fosterers</source>
      <translation>Affidatari</translation>
    </message>
    <message>
      <source>Fosterers by status</source>
      <translation>Affidatari per stato</translation>
    </message>
    <message>
      <source>Fosterers enrolled</source>
      <translation>Affidatari iscritti</translation>
    </message>
    <message>
      <source>Fosterers enrolled ({n})</source>
      <translation>Affidatari iscritti ({n})</translation>
    </message>
    <message>
      <source>Fosterers in selection</source>
      <translation>Affidatari in selezione</translation>
    </message>
    <message>
      <source>Fragility</source>
      <translation>Fragilità</translation>
    </message>
    <message>
      <source>Fragility: at least high</source>
      <translation>Fragilità: elevata</translation>
    </message>
    <message>
      <source>Fragility: at least mild</source>
      <translation>Fragilità: almeno lieve</translation>
    </message>
    <message>
      <source>Fragility: at least moderate</source>
      <translation>Fragilità: almeno moderata</translation>
    </message>
    <message>
      <source>Frequency</source>
      <translation>Frequenza</translation>
    </message>
    <message>
      <source>Frequency: {frequency}</source>
      <translation>Frequenza: {frequency}</translation>
    </message>
    <message>
      <source>From</source>
      <translation>Da</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>Nome e cognome</translation>
    </message>
    <message>
      <source>Gathering the data…</source>
      <translation>Raccolta dei dati…</translation>
    </message>
    <message>
      <source>Give the initial password to the person privately: Affido will ask them to choose a new one at their first login.</source>
      <translation>Comunicare la password iniziale alla persona in privato: al primo accesso Affido le chiederà di sceglierne una nuova.</translation>
    </message>
    <message>
      <source>Go back to the form</source>
      <translation>Torna al modulo</translation>
    </message>
    <message>
      <source>Hand the entry in for approval</source>
      <translation>Presenta la voce per l'approvazione</translation>
    </message>
    <message>
      <source>Heading in the file</source>
      <translation>Intestazione nel file</translation>
    </message>
    <message>
      <source>Health</source>
      <translation>Salute</translation>
    </message>
    <message>
      <source>Health and fragility information is not shown: your profile does not allow it.</source>
      <translation>Le informazioni sulla salute e sulle fragilità non sono visibili con il profilo in uso.</translation>
    </message>
    <message>
      <source>Held late</source>
      <translation>Svolta in ritardo</translation>
    </message>
    <message>
      <source>Held on time</source>
      <translation>Svolta in tempo</translation>
    </message>
    <message>
      <source>Here is, field by field, what each of you changed. Nothing has been saved yet: choose which values to keep.</source>
      <translation>Ecco, campo per campo, cosa ha cambiato ciascuno di voi. Non è ancora stato salvato nulla: scegli quali valori tenere.</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Storia</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>Casa</translation>
    </message>
    <message>
      <source>Home and household</source>
      <translation>Casa e nucleo</translation>
    </message>
    <message>
      <source>Household member</source>
      <translation>Componente del nucleo</translation>
    </message>
    <message>
      <source>Household members</source>
      <translation>Componenti del nucleo</translation>
    </message>
    <message>
      <source>How it was resolved: {note}</source>
      <translation>Come è stato risolto: {note}</translation>
    </message>
    <message>
      <source>How the risk was resolved</source>
      <translation>Come è stata risolta la situazione di rischio</translation>
    </message>
    <message>
      <source>I have printed or written down the recovery code and will keep it in a safe place</source>
      <translation>Ho stampato o trascritto il codice di recupero e lo conserverò in un luogo sicuro</translation>
    </message>
    <message>
      <source>If every administrator forgets the password, only this code opens the database. It is shown now and never again.</source>
      <translation>Se tutti gli amministratori dimenticano la password, solo questo codice apre il database. Viene mostrato ora e mai più.</translation>
    </message>
    <message>
      <source>If you do not save them, the changes will be lost.</source>
      <translation>Se non vengono salvate, le modifiche andranno perse.</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg)</source>
      <translation>Immagini (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
      <source>Import cancelled: nothing was imported.</source>
      <translation>Importazione annullata: nulla è stato importato.</translation>
    </message>
    <message>
      <source>Import completed</source>
      <translation>Importazione completata</translation>
    </message>
    <message>
      <source>Import from a spreadsheet</source>
      <translation>Importa da foglio di calcolo</translation>
    </message>
    <message>
      <source>Imported: {n}</source>
      <translation>Importate: {n}</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>Importazione in corso…</translation>
    </message>
    <message>
      <source>In a month, who was so for at least a day: active pairs; elders from referral to closing; approved fosterers (also suspended).</source>
      <translation>In ogni mese, chi lo è stato almeno un giorno: abbinamenti attivi; anziani dalla segnalazione alla conclusione; affidatari idonei (anche sospesi).</translation>
    </message>
    <message>
      <source>In this stage</source>
      <translation>In fase da</translation>
    </message>
    <message>
      <source>In “{stage}” since {date}</source>
      <translation>In «{stage}» dal {date}</translation>
    </message>
    <message>
      <source>Information</source>
      <translation>Dato</translation>
    </message>
    <message>
      <source>Intake assessment</source>
      <translation>Valutazione di accesso</translation>
    </message>
    <message>
      <source>Intake interview…</source>
      <translation>Valutazione di accesso…</translation>
    </message>
    <message>
      <source>Interests and languages</source>
      <translation>Interessi e lingue</translation>
    </message>
    <message>
      <source>Interface &amp;language</source>
      <translation>&amp;Lingua dell'interfaccia</translation>
    </message>
    <message>
      <source>Interface language</source>
      <translation>Lingua dell'interfaccia</translation>
    </message>
    <message>
      <source>Interview</source>
      <translation>Colloquio</translation>
    </message>
    <message>
      <source>Interview not saved</source>
      <translation>Colloquio non salvato</translation>
    </message>
    <message>
      <source>Interview record (confidential)</source>
      <translation>Verbale del colloquio (riservato)</translation>
    </message>
    <message>
      <source>Interview with {name}</source>
      <translation>Colloquio con {name}</translation>
    </message>
    <message>
      <source>Interview – {name}</source>
      <translation>Colloquio – {name}</translation>
    </message>
    <message>
      <source>Interviewers</source>
      <translation>Operatori</translation>
    </message>
    <message>
      <source>Interviewers *</source>
      <translation>Operatori che hanno condotto il colloquio *</translation>
    </message>
    <message>
      <source>Interviews</source>
      <translation>Colloqui</translation>
    </message>
    <message>
      <source>Introductions</source>
      <translation>Conoscenze</translation>
    </message>
    <message>
      <source>JSON file (*.json)</source>
      <translation>File JSON (*.json)</translation>
    </message>
    <message>
      <source>Keep closed records for (years):</source>
      <translation>Conserva le schede concluse per (anni):</translation>
    </message>
    <message>
      <source>Keep mine</source>
      <translation>Mantieni le mie</translation>
    </message>
    <message>
      <source>Keep the drafts: they will be offered again at the next login</source>
      <translation>Conserva le bozze: verranno proposte di nuovo al prossimo accesso</translation>
    </message>
    <message>
      <source>Keep the value ticked in each field, then save.</source>
      <translation>Tiene il valore selezionato in ogni campo, poi salva.</translation>
    </message>
    <message>
      <source>Keep theirs</source>
      <translation>Mantieni le loro</translation>
    </message>
    <message>
      <source>Kept until</source>
      <translation>Conservata fino al</translation>
    </message>
    <message>
      <source>Key file (*.key);;All files (*)</source>
      <translation>File della chiave (*.key);;Tutti i file (*)</translation>
    </message>
    <message>
      <source>Key file (a new file creates a new key)</source>
      <translation>File della chiave (un file nuovo crea una nuova chiave)</translation>
    </message>
    <message>
      <source>Key file:</source>
      <translation>File della chiave:</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Tipo</translation>
    </message>
    <message>
      <source>Kind of record</source>
      <translation>Tipo di record</translation>
    </message>
    <message>
      <source>Km</source>
      <translation>Km</translation>
    </message>
    <message>
      <source>Km amount</source>
      <translation>Importo km</translation>
    </message>
    <message>
      <source>Last 3 months</source>
      <translation>Ultimi 3 mesi</translation>
    </message>
    <message>
      <source>Last change</source>
      <translation>Ultima modifica</translation>
    </message>
    <message>
      <source>Last copy: {when}.</source>
      <translation>Ultima copia: {when}.</translation>
    </message>
    <message>
      <source>Last login</source>
      <translation>Ultimo accesso</translation>
    </message>
    <message>
      <source>Last month</source>
      <translation>Mese scorso</translation>
    </message>
    <message>
      <source>Last supervised</source>
      <translation>Ultima supervisione</translation>
    </message>
    <message>
      <source>Last supervised: {date}</source>
      <translation>Ultima supervisione: {date}</translation>
    </message>
    <message>
      <source>Last supervised: {last} · every {n} days</source>
      <translation>Ultima supervisione: {last} · ogni {n} giorni</translation>
    </message>
    <message>
      <source>Last year</source>
      <translation>Anno scorso</translation>
    </message>
    <message>
      <source>Later</source>
      <translation>Più tardi</translation>
    </message>
    <message>
      <source>Latest interview</source>
      <translation>Ultimo colloquio</translation>
    </message>
    <message>
      <source>Leave “—” to require every core session of the course.</source>
      <translation>Lasciare «—» per richiedere tutti gli incontri obbligatori del percorso.</translation>
    </message>
    <message>
      <source>Led by</source>
      <translation>Condotto da</translation>
    </message>
    <message>
      <source>Letterhead not saved</source>
      <translation>Intestazione non salvata</translation>
    </message>
    <message>
      <source>Letterhead of the documents</source>
      <translation>Intestazione dei documenti</translation>
    </message>
    <message>
      <source>Living situation and family network</source>
      <translation>Situazione abitativa e rete familiare</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Caricamento…</translation>
    </message>
    <message>
      <source>Logo</source>
      <translation>Logo</translation>
    </message>
    <message>
      <source>Mark as paid</source>
      <translation>Segna come liquidato</translation>
    </message>
    <message>
      <source>Mark every fosterer present (then change the few who were absent)</source>
      <translation>Segna tutti gli affidatari come presenti (poi correggere i pochi assenti)</translation>
    </message>
    <message>
      <source>Matches</source>
      <translation>Abbinamenti</translation>
    </message>
    <message>
      <source>Matching &amp;criteria…</source>
      <translation>&amp;Criteri di abbinamento…</translation>
    </message>
    <message>
      <source>Matching criteria</source>
      <translation>Criteri di abbinamento</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>Incontro</translation>
    </message>
    <message>
      <source>Meetings</source>
      <translation>Incontri</translation>
    </message>
    <message>
      <source>Merge</source>
      <translation>Unisci</translation>
    </message>
    <message>
      <source>Mileage amount</source>
      <translation>Importo chilometrico</translation>
    </message>
    <message>
      <source>Mileage rate</source>
      <translation>Rimborso chilometrico</translation>
    </message>
    <message>
      <source>Mileage rate: not valid in the settings</source>
      <translation>Rimborso chilometrico: non valido nelle impostazioni</translation>
    </message>
    <message>
      <source>Mileage rate: {rate} €/km</source>
      <translation>Rimborso chilometrico: {rate} €/km</translation>
    </message>
    <message>
      <source>Missing</source>
      <translation>Mancante</translation>
    </message>
    <message>
      <source>Mobile: {number}</source>
      <translation>Cellulare: {number}</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>Mese</translation>
    </message>
    <message>
      <source>Monthly totals</source>
      <translation>Totali mensili</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Cognome e nome</translation>
    </message>
    <message>
      <source>Name, tax code, phone or town</source>
      <translation>Nome, codice fiscale, telefono o comune</translation>
    </message>
    <message>
      <source>Names, codice fiscale, address, phones, email, notes and every free text of this record are deleted for good; reference people, household, documents and attached files are deleted. Birth year, sex, comune, statuses, dates and pairs stay, for the statistics. This cannot be undone.</source>
      <translation>Nomi, codice fiscale, indirizzo, telefoni, email, note e ogni testo libero della scheda vengono eliminati definitivamente; persone di riferimento, nucleo familiare, documenti e file allegati vengono eliminati. Restano, per le statistiche, anno di nascita, sesso, comune, stati, date e abbinamenti. L'operazione non si può annullare.</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>Bisogni</translation>
    </message>
    <message>
      <source>Needs ({n})</source>
      <translation>Bisogni ({n})</translation>
    </message>
    <message>
      <source>Needs and preferences</source>
      <translation>Bisogni e preferenze</translation>
    </message>
    <message>
      <source>New &amp;elder…</source>
      <translation>Nuovo &amp;anziano…</translation>
    </message>
    <message>
      <source>New &amp;fosterer…</source>
      <translation>Nuovo a&amp;ffidatario…</translation>
    </message>
    <message>
      <source>New course…</source>
      <translation>Nuovo percorso…</translation>
    </message>
    <message>
      <source>New document</source>
      <translation>Nuovo documento</translation>
    </message>
    <message>
      <source>New elder</source>
      <translation>Nuovo anziano</translation>
    </message>
    <message>
      <source>New elder record</source>
      <translation>Nuova scheda anziano</translation>
    </message>
    <message>
      <source>New entry…</source>
      <translation>Nuova voce…</translation>
    </message>
    <message>
      <source>New expense entry — {name}</source>
      <translation>Nuova voce di rimborso — {name}</translation>
    </message>
    <message>
      <source>New fosterer</source>
      <translation>Nuovo affidatario</translation>
    </message>
    <message>
      <source>New fosterer record</source>
      <translation>Nuova scheda affidatario</translation>
    </message>
    <message>
      <source>New household member</source>
      <translation>Nuovo componente del nucleo</translation>
    </message>
    <message>
      <source>New interview – {name}</source>
      <translation>Nuovo colloquio – {name}</translation>
    </message>
    <message>
      <source>New interview…</source>
      <translation>Nuovo colloquio…</translation>
    </message>
    <message>
      <source>New meeting for the selected pairs…</source>
      <translation>Nuovo incontro per le coppie selezionate…</translation>
    </message>
    <message>
      <source>New meeting…</source>
      <translation>Nuovo incontro…</translation>
    </message>
    <message>
      <source>New operator account</source>
      <translation>Nuovo account operatore</translation>
    </message>
    <message>
      <source>New password for {name} ({username}). They will have to change it at their next login.</source>
      <translation>Nuova password per {name} ({username}). Dovrà cambiarla al prossimo accesso.</translation>
    </message>
    <message>
      <source>New record, never saved.</source>
      <translation>Scheda nuova, mai salvata.</translation>
    </message>
    <message>
      <source>New reference person</source>
      <translation>Nuova persona di riferimento</translation>
    </message>
    <message>
      <source>New session – {course}</source>
      <translation>Nuovo incontro – {course}</translation>
    </message>
    <message>
      <source>New status</source>
      <translation>Nuovo stato</translation>
    </message>
    <message>
      <source>New supervision meeting</source>
      <translation>Nuovo incontro di supervisione</translation>
    </message>
    <message>
      <source>New training course</source>
      <translation>Nuovo percorso formativo</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>Successivo</translation>
    </message>
    <message>
      <source>Next check</source>
      <translation>Prossima verifica</translation>
    </message>
    <message>
      <source>Next due</source>
      <translation>Prossima scadenza</translation>
    </message>
    <message>
      <source>Next due: {date}</source>
      <translation>Prossima entro: {date}</translation>
    </message>
    <message>
      <source>Next meeting</source>
      <translation>Prossimo incontro</translation>
    </message>
    <message>
      <source>Next month</source>
      <translation>Mese successivo</translation>
    </message>
    <message>
      <source>Next week</source>
      <translation>Settimana successiva</translation>
    </message>
    <message>
      <source>No</source>
      <translation>No</translation>
    </message>
    <message>
      <source>No account of this database has a password yet: choose yours before you start working. From now on Affido asks everyone to log in.</source>
      <translation>Nessun account di questo database ha ancora una password: scelga la sua prima di iniziare. Da ora in poi Affido chiederà a tutti di accedere.</translation>
    </message>
    <message>
      <source>No approved fosterer with room is compatible with this elder. Look at the excluded candidates to see why.</source>
      <translation>Nessun affidatario idoneo e disponibile è compatibile con questo anziano. I motivi sono indicati tra i candidati esclusi.</translation>
    </message>
    <message>
      <source>No attendance required</source>
      <translation>Nessuna presenza richiesta</translation>
    </message>
    <message>
      <source>No candidate in this stage.</source>
      <translation>Nessun candidato in questa fase.</translation>
    </message>
    <message>
      <source>No closed record has passed the retention period.</source>
      <translation>Nessuna scheda conclusa ha superato il periodo di conservazione.</translation>
    </message>
    <message>
      <source>No consent registered.</source>
      <translation>Nessun consenso registrato.</translation>
    </message>
    <message>
      <source>No consent to data processing on file</source>
      <translation>Manca il consenso al trattamento dei dati</translation>
    </message>
    <message>
      <source>No copy of it was found. If there is one elsewhere (an external drive), an administrator can restore it with the command «affido restore FILE». The damaged file has not been changed.</source>
      <translation>Non è stata trovata nessuna copia. Se ce n'è una altrove (per esempio su un disco esterno), un amministratore può ripristinarla con il comando «affido restore FILE». Il file danneggiato non è stato modificato.</translation>
    </message>
    <message>
      <source>No document on file.</source>
      <translation>Nessun documento agli atti.</translation>
    </message>
    <message>
      <source>No elder is waiting for a match.</source>
      <translation>Nessun anziano è in attesa di abbinamento.</translation>
    </message>
    <message>
      <source>No elder is waiting for a pair.</source>
      <translation>Nessun anziano è in attesa di abbinamento.</translation>
    </message>
    <message>
      <source>No elders match the filters</source>
      <translation>Nessun anziano corrisponde ai filtri</translation>
    </message>
    <message>
      <source>No elders yet</source>
      <translation>Nessun anziano registrato</translation>
    </message>
    <message>
      <source>No elders yet: use “New elder” to add the first</source>
      <translation>Nessun anziano registrato: usare «Nuovo anziano» per inserire il primo</translation>
    </message>
    <message>
      <source>No entries in this month.</source>
      <translation>Nessuna voce in questo mese.</translation>
    </message>
    <message>
      <source>No entries in this year.</source>
      <translation>Nessuna voce in questo anno.</translation>
    </message>
    <message>
      <source>No events in this period.</source>
      <translation>Nessun evento in questo periodo.</translation>
    </message>
    <message>
      <source>No expense entry is linked to this pair.</source>
      <translation>Nessun rimborso è collegato a questo abbinamento.</translation>
    </message>
    <message>
      <source>No fosterer enrolled yet.</source>
      <translation>Nessun affidatario ancora iscritto.</translation>
    </message>
    <message>
      <source>No fosterer has applied yet.</source>
      <translation>Nessun affidatario si è ancora candidato.</translation>
    </message>
    <message>
      <source>No fosterer is enrolled in this course: enrol them from the Training section first.</source>
      <translation>Nessun affidatario è iscritto a questo percorso: iscriverli prima dalla sezione Formazione.</translation>
    </message>
    <message>
      <source>No fosterer is in selection.</source>
      <translation>Nessun affidatario è in selezione.</translation>
    </message>
    <message>
      <source>No fosterer on file.</source>
      <translation>Nessun affidatario registrato.</translation>
    </message>
    <message>
      <source>No fosterers match the filters</source>
      <translation>Nessun affidatario corrisponde ai filtri</translation>
    </message>
    <message>
      <source>No fosterers yet</source>
      <translation>Nessun affidatario registrato</translation>
    </message>
    <message>
      <source>No fosterers yet: use “New fosterer” to add the first</source>
      <translation>Nessun affidatario registrato: usare «Nuovo affidatario» per inserire il primo</translation>
    </message>
    <message>
      <source>No household member registered.</source>
      <translation>Nessun componente del nucleo registrato.</translation>
    </message>
    <message>
      <source>No intake interview yet.</source>
      <translation>Nessuna valutazione di accesso registrata.</translation>
    </message>
    <message>
      <source>No interview recorded yet.</source>
      <translation>Nessun colloquio registrato.</translation>
    </message>
    <message>
      <source>No logo</source>
      <translation>Nessun logo</translation>
    </message>
    <message>
      <source>No other running pair can be added.</source>
      <translation>Non ci sono altre coppie in corso da aggiungere.</translation>
    </message>
    <message>
      <source>No other status can be reached from the current one.</source>
      <translation>Dallo stato attuale non è possibile passare ad altri stati.</translation>
    </message>
    <message>
      <source>No page contains “{text}”.</source>
      <translation>Nessuna pagina contiene «{text}».</translation>
    </message>
    <message>
      <source>No page of the document is in the range chosen.</source>
      <translation>Nessuna pagina del documento è compresa nell'intervallo scelto.</translation>
    </message>
    <message>
      <source>No pair can be proposed now: no waiting elder has a compatible fosterer with room.</source>
      <translation>Al momento non si può proporre nessun abbinamento: nessun anziano in attesa ha un affidatario compatibile e disponibile.</translation>
    </message>
    <message>
      <source>No pair discussed yet: add the pairs talked about.</source>
      <translation>Nessuna coppia ancora: aggiungere le coppie di cui si è parlato.</translation>
    </message>
    <message>
      <source>No pair is running at the moment.</source>
      <translation>Al momento non ci sono affidi in corso.</translation>
    </message>
    <message>
      <source>No pair matches the filter.</source>
      <translation>Nessuna coppia corrisponde ai filtri.</translation>
    </message>
    <message>
      <source>No pair to show.</source>
      <translation>Nessun abbinamento da mostrare.</translation>
    </message>
    <message>
      <source>No pair to supervise</source>
      <translation>Nessuna coppia da supervisionare</translation>
    </message>
    <message>
      <source>No pair yet: start from the suggestions for a waiting elder.</source>
      <translation>Nessun abbinamento ancora: si può partire dai suggerimenti per un anziano in attesa.</translation>
    </message>
    <message>
      <source>No password has been set for your account yet, so Affido cannot ask for it: click “Resume” to go back to work. Once passwords are in use, Affido will ask for yours here.</source>
      <translation>Per il suo account non è ancora stata impostata una password, quindi Affido non può chiedergliela: prema «Riprendi» per tornare al lavoro. Quando le password saranno in uso, Affido le chiederà qui la sua.</translation>
    </message>
    <message>
      <source>No record.</source>
      <translation>Nessuna scheda.</translation>
    </message>
    <message>
      <source>No reference person yet.</source>
      <translation>Nessuna persona di riferimento registrata.</translation>
    </message>
    <message>
      <source>No risk flag is open.</source>
      <translation>Nessuna segnalazione di rischio aperta.</translation>
    </message>
    <message>
      <source>No row can be imported: correct the file or the columns.</source>
      <translation>Nessuna riga si può importare: correggere il file o le colonne.</translation>
    </message>
    <message>
      <source>No row matches the filters.</source>
      <translation>Nessuna riga corrisponde ai filtri.</translation>
    </message>
    <message>
      <source>No running pair now</source>
      <translation>Senza abbinamenti in corso</translation>
    </message>
    <message>
      <source>No session in the calendar yet.</source>
      <translation>Nessun incontro ancora in calendario.</translation>
    </message>
    <message>
      <source>No start date</source>
      <translation>Data di avvio mancante</translation>
    </message>
    <message>
      <source>No status change yet.</source>
      <translation>Nessun cambio di stato registrato.</translation>
    </message>
    <message>
      <source>No supervision meeting in this period.</source>
      <translation>Nessun incontro di supervisione nel periodo indicato.</translation>
    </message>
    <message>
      <source>No training course yet.</source>
      <translation>Nessun percorso formativo ancora inserito.</translation>
    </message>
    <message>
      <source>No waiting elder matches the search.</source>
      <translation>Nessun anziano in attesa corrisponde alla ricerca.</translation>
    </message>
    <message>
      <source>No – {missing}</source>
      <translation>No – {missing}</translation>
    </message>
    <message>
      <source>Nobody found for “{text}”</source>
      <translation>Nessuno trovato per «{text}»</translation>
    </message>
    <message>
      <source>Nobody found: try other letters, or include the fosterers already approved.</source>
      <translation>Nessun risultato: provare con altre lettere, oppure includere anche gli affidatari già idonei.</translation>
    </message>
    <message>
      <source>Not completed</source>
      <translation>Non completato</translation>
    </message>
    <message>
      <source>Not enrolled in any training course.</source>
      <translation>Non iscritto ad alcun percorso formativo.</translation>
    </message>
    <message>
      <source>Not in the care of the UVG</source>
      <translation>Non è in carico all'UVG</translation>
    </message>
    <message>
      <source>Not marked</source>
      <translation>Presenza non indicata</translation>
    </message>
    <message>
      <source>Not now</source>
      <translation>Non ora</translation>
    </message>
    <message>
      <source>Not possible</source>
      <translation>Non possibile</translation>
    </message>
    <message>
      <source>Not printed</source>
      <translation>Stampa non eseguita</translation>
    </message>
    <message>
      <source>Not required</source>
      <translation>Non richiesto</translation>
    </message>
    <message>
      <source>Not required for approval.</source>
      <translation>Non necessario per l'idoneità.</translation>
    </message>
    <message>
      <source>Not saved yet</source>
      <translation>Non ancora salvato</translation>
    </message>
    <message>
      <source>Not saved: another user changed this record meanwhile. Your changes are still here; press Save to compare them again.</source>
      <translation>Non salvato: nel frattempo un altro operatore ha modificato questa scheda. Le tue modifiche sono ancora qui; premi Salva per confrontarle di nuovo.</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Nota</translation>
    </message>
    <message>
      <source>Note (optional)</source>
      <translation>Nota (facoltativa)</translation>
    </message>
    <message>
      <source>Note for {name}</source>
      <translation>Nota per {name}</translation>
    </message>
    <message>
      <source>Note not saved</source>
      <translation>Nota non salvata</translation>
    </message>
    <message>
      <source>Nothing has been imported yet. The rows to import are imported all together; skipped rows are listed with the reason.</source>
      <translation>Non è ancora stato importato nulla. Le righe da importare sono importate tutte insieme; le righe scartate sono elencate con il motivo.</translation>
    </message>
    <message>
      <source>Nothing to do: no entry is waiting for a decision or to be paid in this period.</source>
      <translation>Nulla da fare: nessuna voce è in attesa di decisione o da liquidare in questo periodo.</translation>
    </message>
    <message>
      <source>Nothing was imported.</source>
      <translation>Nulla è stato importato.</translation>
    </message>
    <message>
      <source>Nothing was written in this note.</source>
      <translation>In questa nota non è stato scritto nulla.</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>Occupation and motivation</source>
      <translation>Professione e motivazione</translation>
    </message>
    <message>
      <source>Office se&amp;rver…</source>
      <translation>Se&amp;rver dell'ufficio…</translation>
    </message>
    <message>
      <source>Office server</source>
      <translation>Server dell'ufficio</translation>
    </message>
    <message>
      <source>On time {on_time}, late {late}, missing {missing}</source>
      <translation>In tempo {on_time}, in ritardo {late}, mancanti {missing}</translation>
    </message>
    <message>
      <source>Once the interview is saved, each interviewer can sign off its outcome.</source>
      <translation>Dopo il salvataggio, ciascun operatore che ha condotto il colloquio potrà firmarne l'esito.</translation>
    </message>
    <message>
      <source>Only active pairs are due for supervision.</source>
      <translation>Solo gli abbinamenti attivi hanno una scadenza di supervisione.</translation>
    </message>
    <message>
      <source>Only an administrator can anonymise or erase a record.</source>
      <translation>Solo un amministratore può anonimizzare o cancellare una scheda.</translation>
    </message>
    <message>
      <source>Only an administrator can anonymise or erase records.</source>
      <translation>Solo un amministratore può anonimizzare o cancellare le schede.</translation>
    </message>
    <message>
      <source>Only an administrator can change the automatic lock.</source>
      <translation>Solo un amministratore può modificare il blocco automatico.</translation>
    </message>
    <message>
      <source>Only an administrator can change the letterhead.</source>
      <translation>Solo un amministratore può modificare l'intestazione.</translation>
    </message>
    <message>
      <source>Only an administrator can change the matching criteria.</source>
      <translation>Solo un amministratore può modificare i criteri di abbinamento.</translation>
    </message>
    <message>
      <source>Only an administrator can change the rate.</source>
      <translation>Solo un amministratore può modificare la tariffa.</translation>
    </message>
    <message>
      <source>Only an administrator can choose the database of this computer.</source>
      <translation>Solo un amministratore può scegliere il database di questo computer.</translation>
    </message>
    <message>
      <source>Only an administrator can choose the folder, make a copy now or restore one.</source>
      <translation>Solo un amministratore può scegliere la cartella, eseguire una copia o ripristinarla.</translation>
    </message>
    <message>
      <source>Only an administrator can choose the folder.</source>
      <translation>Solo un amministratore può scegliere la cartella.</translation>
    </message>
    <message>
      <source>Only an administrator can make copies and restore them.</source>
      <translation>Solo un amministratore può eseguire copie e ripristinarle.</translation>
    </message>
    <message>
      <source>Only an administrator can manage the operators' accounts.</source>
      <translation>Solo un amministratore può gestire gli account degli operatori.</translation>
    </message>
    <message>
      <source>Only an administrator can read the access log.</source>
      <translation>Solo un amministratore può consultare il registro degli accessi.</translation>
    </message>
    <message>
      <source>Only candidates not yet approved (application, selection, training)</source>
      <translation>Solo i candidati non ancora idonei (candidatura, selezione, formazione)</translation>
    </message>
    <message>
      <source>Only the first {n} are listed: type more letters to narrow the search.</source>
      <translation>Sono elencati solo i primi {n}: scrivere altre lettere per restringere la ricerca.</translation>
    </message>
    <message>
      <source>Only the oldest {shown} of {count} entries are shown: choose a year or a month to see the others.</source>
      <translation>Sono mostrate solo le {shown} voci più vecchie su {count}: scegliere un anno o un mese per vedere le altre.</translation>
    </message>
    <message>
      <source>Only the staff who conducted the interview can sign off its outcome.</source>
      <translation>Solo gli operatori che hanno condotto il colloquio possono firmarne l'esito.</translation>
    </message>
    <message>
      <source>Only who led the meeting, the staff who took part and the psychologists can change the leader and the staff taking part.</source>
      <translation>Chi conduce l'incontro e gli operatori presenti possono essere modificati solo da chi lo ha condotto, dagli operatori presenti o da uno psicologo.</translation>
    </message>
    <message>
      <source>Only who led the meeting, the staff who took part and the psychologists can close the risk.</source>
      <translation>Possono chiudere la situazione di rischio solo chi ha condotto l'incontro, gli operatori presenti e gli psicologi.</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Apri</translation>
    </message>
    <message>
      <source>Open elder</source>
      <translation>Apri anziano</translation>
    </message>
    <message>
      <source>Open entry…</source>
      <translation>Apri voce…</translation>
    </message>
    <message>
      <source>Open fosterer</source>
      <translation>Apri affidatario</translation>
    </message>
    <message>
      <source>Open note</source>
      <translation>Apri nota</translation>
    </message>
    <message>
      <source>Open note…</source>
      <translation>Apri nota…</translation>
    </message>
    <message>
      <source>Open pair</source>
      <translation>Apri abbinamento</translation>
    </message>
    <message>
      <source>Open pairs (proposed, introduction, active, suspended)</source>
      <translation>Abbinamenti aperti (proposti, in conoscenza, attivi, sospesi)</translation>
    </message>
    <message>
      <source>Open record</source>
      <translation>Apri la scheda</translation>
    </message>
    <message>
      <source>Open risk</source>
      <translation>Aperto</translation>
    </message>
    <message>
      <source>Open risk flag</source>
      <translation>Segnalazione di rischio aperta</translation>
    </message>
    <message>
      <source>Open risk flag, recorded in the meeting of {date}: it stays highlighted until it is closed.</source>
      <translation>Segnalazione di rischio aperta, registrata nell'incontro del {date}: resta in evidenza finché non viene chiusa.</translation>
    </message>
    <message>
      <source>Open risk flags</source>
      <translation>Segnalazioni di rischio aperte</translation>
    </message>
    <message>
      <source>Open risks</source>
      <translation>Rischi aperti</translation>
    </message>
    <message>
      <source>Open risks: {n}</source>
      <translation>Rischi aperti: {n}</translation>
    </message>
    <message>
      <source>Open signed form</source>
      <translation>Apri modulo firmato</translation>
    </message>
    <message>
      <source>Open since {date}</source>
      <translation>Aperta dal {date}</translation>
    </message>
    <message>
      <source>Open the elder's record</source>
      <translation>Apri la scheda dell'anziano</translation>
    </message>
    <message>
      <source>Open the existing record in its own window</source>
      <translation>Apri la scheda esistente in una finestra separata</translation>
    </message>
    <message>
      <source>Open the form with the values you had typed</source>
      <translation>Apre la scheda con i valori che aveva inserito</translation>
    </message>
    <message>
      <source>Open the fosterer's record</source>
      <translation>Apri la scheda dell'affidatario</translation>
    </message>
    <message>
      <source>Open the note with the open risk…</source>
      <translation>Apri la nota con il rischio aperto…</translation>
    </message>
    <message>
      <source>Open the note…</source>
      <translation>Apri la nota…</translation>
    </message>
    <message>
      <source>Open the pair</source>
      <translation>Apri l'abbinamento</translation>
    </message>
    <message>
      <source>Open the pair's page now?</source>
      <translation>Aprire ora la scheda dell'abbinamento?</translation>
    </message>
    <message>
      <source>Open the record of the entry's fosterer</source>
      <translation>Apre la scheda dell'affidatario della voce</translation>
    </message>
    <message>
      <source>Operation not completed</source>
      <translation>Operazione non completata</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>Operatore</translation>
    </message>
    <message>
      <source>Operator: {name}</source>
      <translation>Operatore: {name}</translation>
    </message>
    <message>
      <source>Operator: {name} ({role})</source>
      <translation>Operatore: {name} ({role})</translation>
    </message>
    <message>
      <source>Operators</source>
      <translation>Operatori</translation>
    </message>
    <message>
      <source>Optional</source>
      <translation>Facoltativo</translation>
    </message>
    <message>
      <source>Organisation</source>
      <translation>Ente</translation>
    </message>
    <message>
      <source>Other key…</source>
      <translation>Altra chiave…</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>Esito</translation>
    </message>
    <message>
      <source>Outcome and next steps</source>
      <translation>Esito e prossimi passi</translation>
    </message>
    <message>
      <source>Outcome not signed off</source>
      <translation>Esito non firmato</translation>
    </message>
    <message>
      <source>Overdue by 1 day</source>
      <translation>In ritardo di 1 giorno</translation>
    </message>
    <message>
      <source>Overdue by {n} days</source>
      <translation>In ritardo di {n} giorni</translation>
    </message>
    <message>
      <source>Overdue or due today</source>
      <translation>In ritardo o previste oggi</translation>
    </message>
    <message>
      <source>P&amp;ort:</source>
      <translation>P&amp;orta:</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf)</source>
      <translation>Documenti PDF (*.pdf)</translation>
    </message>
    <message>
      <source>PNG or JPEG image, at most 512 KB.</source>
      <translation>Immagine PNG o JPEG, al massimo 512 KB.</translation>
    </message>
    <message>
      <source>Page {n} of {total}</source>
      <translation>Pagina {n} di {total}</translation>
    </message>
    <message>
      <source>Pair</source>
      <translation>Abbinamento</translation>
    </message>
    <message>
      <source>Pair not saved</source>
      <translation>Abbinamento non salvato</translation>
    </message>
    <message>
      <source>Pair – {pair}</source>
      <translation>Abbinamento – {pair}</translation>
    </message>
    <message>
      <source>Pairs</source>
      <translation>Coppie</translation>
    </message>
    <message>
      <source>Pairs and people</source>
      <translation>Abbinamenti e persone</translation>
    </message>
    <message>
      <source>Pairs discussed</source>
      <translation>Coppie discusse</translation>
    </message>
    <message>
      <source>Pairs overdue for supervision</source>
      <translation>Coppie in ritardo con la supervisione</translation>
    </message>
    <message>
      <source>Participants</source>
      <translation>Partecipanti</translation>
    </message>
    <message>
      <source>Pass&amp;word:</source>
      <translation>Pass&amp;word:</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>Password changed</source>
      <translation>Password cambiata</translation>
    </message>
    <message>
      <source>Password not set</source>
      <translation>Password non impostata</translation>
    </message>
    <message>
      <source>Password of the copy</source>
      <translation>Password della copia</translation>
    </message>
    <message>
      <source>People to import</source>
      <translation>Persone da importare</translation>
    </message>
    <message>
      <source>Period from</source>
      <translation>Periodo dal</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>Persona</translation>
    </message>
    <message>
      <source>Person: type a name and choose from the list</source>
      <translation>Persona: scrivere un nome e sceglierlo dall'elenco</translation>
    </message>
    <message>
      <source>Personal details</source>
      <translation>Dati anagrafici</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefono</translation>
    </message>
    <message>
      <source>Phone and email</source>
      <translation>Telefono ed email</translation>
    </message>
    <message>
      <source>Phone: {number}</source>
      <translation>Telefono: {number}</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>Luogo</translation>
    </message>
    <message>
      <source>Plan for everyone waiting</source>
      <translation>Piano per tutti gli anziani in attesa</translation>
    </message>
    <message>
      <source>Plan for everyone waiting…</source>
      <translation>Piano per tutti gli anziani in attesa…</translation>
    </message>
    <message>
      <source>Plan not computed</source>
      <translation>Piano non calcolato</translation>
    </message>
    <message>
      <source>Planned interviews</source>
      <translation>Colloqui previsti</translation>
    </message>
    <message>
      <source>Planned resume {date}</source>
      <translation>Ripresa prevista il {date}</translation>
    </message>
    <message>
      <source>Planned return</source>
      <translation>Ripresa prevista</translation>
    </message>
    <message>
      <source>Planned return date</source>
      <translation>Data prevista di ripresa</translation>
    </message>
    <message>
      <source>Points by criterion</source>
      <translation>Punti per criterio</translation>
    </message>
    <message>
      <source>Possible duplicate</source>
      <translation>Possibile scheda doppia</translation>
    </message>
    <message>
      <source>Preferences</source>
      <translation>Preferenze</translation>
    </message>
    <message>
      <source>Prepare the document</source>
      <translation>Prepara il documento</translation>
    </message>
    <message>
      <source>Preparing the document…</source>
      <translation>Preparazione del documento…</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>Anteprima</translation>
    </message>
    <message>
      <source>Previous</source>
      <translation>Precedente</translation>
    </message>
    <message>
      <source>Previous month</source>
      <translation>Mese precedente</translation>
    </message>
    <message>
      <source>Previous status</source>
      <translation>Stato precedente</translation>
    </message>
    <message>
      <source>Previous week</source>
      <translation>Settimana precedente</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>Stampa</translation>
    </message>
    <message>
      <source>Print interview record</source>
      <translation>Stampa verbale</translation>
    </message>
    <message>
      <source>Print or save the documents of this record</source>
      <translation>Stampa o salva i documenti di questa scheda</translation>
    </message>
    <message>
      <source>Print record</source>
      <translation>Stampa scheda</translation>
    </message>
    <message>
      <source>Print sign-in sheet</source>
      <translation>Stampa registro presenze</translation>
    </message>
    <message>
      <source>Print the person's access register…</source>
      <translation>Stampa il registro degli accessi della persona…</translation>
    </message>
    <message>
      <source>Print the sheet (or write the code down by hand) and keep it in a safe, away from the computer. Do not photograph it or keep it in a file: whoever has it can read every record.</source>
      <translation>Stampare il foglio (o trascrivere il codice a mano) e conservarlo in cassaforte, lontano dal computer. Non fotografarlo e non tenerlo in un file: chi lo possiede può leggere tutte le schede.</translation>
    </message>
    <message>
      <source>Print with the system print dialog (Ctrl+P)</source>
      <translation>Stampa con la finestra di stampa del sistema (Ctrl+P)</translation>
    </message>
    <message>
      <source>Printed at the top of every page of every document. The settings are shared by all the computers of the office.</source>
      <translation>Compare in cima a ogni pagina di ogni documento. Le impostazioni valgono per tutti i computer dell'ufficio.</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>Stampa…</translation>
    </message>
    <message>
      <source>Privacy</source>
      <translation>Privacy</translation>
    </message>
    <message>
      <source>Project</source>
      <translation>Progetto</translation>
    </message>
    <message>
      <source>Proposal not recorded</source>
      <translation>Proposta non registrata</translation>
    </message>
    <message>
      <source>Proposal recorded</source>
      <translation>Proposta registrata</translation>
    </message>
    <message>
      <source>Propose</source>
      <translation>Proponi</translation>
    </message>
    <message>
      <source>Propose the pair</source>
      <translation>Proponi l'abbinamento</translation>
    </message>
    <message>
      <source>Propose {fosterer} to {elder} (compatibility {score})?
The pair starts as «proposed»: the introduction meetings come next.</source>
      <translation>Proporre {fosterer} per {elder} (compatibilità {score})?
L'abbinamento inizia come «proposto»: seguiranno gli incontri di conoscenza.</translation>
    </message>
    <message>
      <source>Proposed</source>
      <translation>Proposto</translation>
    </message>
    <message>
      <source>Proposed on</source>
      <translation>Proposto il</translation>
    </message>
    <message>
      <source>Proposed on {date}</source>
      <translation>Proposto il {date}</translation>
    </message>
    <message>
      <source>Propose…</source>
      <translation>Proponi…</translation>
    </message>
    <message>
      <source>Quick choice:</source>
      <translation>Scelta rapida:</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Esci</translation>
    </message>
    <message>
      <source>Quit Affido</source>
      <translation>Esci da Affido</translation>
    </message>
    <message>
      <source>Quit Affido now? The changes not saved in the open forms will be lost.</source>
      <translation>Uscire ora da Affido? Le modifiche non salvate nelle schede aperte andranno perse.</translation>
    </message>
    <message>
      <source>Quit without saving</source>
      <translation>Esci senza salvare</translation>
    </message>
    <message>
      <source>Rate not changed</source>
      <translation>Tariffa non modificata</translation>
    </message>
    <message>
      <source>Re&amp;activate…</source>
      <translation>Ri&amp;attiva…</translation>
    </message>
    <message>
      <source>Reactivate</source>
      <translation>Riattiva</translation>
    </message>
    <message>
      <source>Reactivate the account of {name}? Set a new password for them afterwards if they have none.</source>
      <translation>Riattivare l'account di {name}? Poi impostare una nuova password, se non ne ha una.</translation>
    </message>
    <message>
      <source>Ready for approval</source>
      <translation>Pronto per l'approvazione</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Motivo</translation>
    </message>
    <message>
      <source>Reason for rejection</source>
      <translation>Motivo del rifiuto</translation>
    </message>
    <message>
      <source>Reason:</source>
      <translation>Motivo:</translation>
    </message>
    <message>
      <source>Reason: {note}</source>
      <translation>Motivo: {note}</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>Record not anonymised</source>
      <translation>Scheda non anonimizzata</translation>
    </message>
    <message>
      <source>Record not saved</source>
      <translation>Scheda non salvata</translation>
    </message>
    <message>
      <source>Record that the entry has been paid</source>
      <translation>Registra che la voce è stata liquidata</translation>
    </message>
    <message>
      <source>Record that the selected entries have been paid</source>
      <translation>Registra che le voci selezionate sono state liquidate</translation>
    </message>
    <message>
      <source>Record the {n} pairs still to decide as proposed?</source>
      <translation>Registrare come proposti i {n} abbinamenti ancora da decidere?</translation>
    </message>
    <message>
      <source>Recorded by</source>
      <translation>Registrato da</translation>
    </message>
    <message>
      <source>Records closed longer ago than the retention period are anonymised: names, contacts and free texts are deleted, what statistics need stays. Erasing a person's data on request is done from the person's record (Privacy button).</source>
      <translation>Le schede concluse da più tempo del periodo di conservazione vengono anonimizzate: nomi, recapiti e testi liberi vengono eliminati, resta ciò che serve alle statistiche. La cancellazione dei dati su richiesta della persona si esegue dalla sua scheda (pulsante Privacy).</translation>
    </message>
    <message>
      <source>Records not anonymised</source>
      <translation>Schede non anonimizzate</translation>
    </message>
    <message>
      <source>Recovery &amp;code:</source>
      <translation>&amp;Codice di recupero:</translation>
    </message>
    <message>
      <source>Recovery sheet</source>
      <translation>Foglio di recupero</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation>Ripristina modifica</translation>
    </message>
    <message>
      <source>Reference people (family, neighbours, friends)</source>
      <translation>Persone di riferimento (familiari, vicini, amici)</translation>
    </message>
    <message>
      <source>Reference person</source>
      <translation>Persona di riferimento</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Aggiorna</translation>
    </message>
    <message>
      <source>Register consent</source>
      <translation>Registra consenso</translation>
    </message>
    <message>
      <source>Register consent…</source>
      <translation>Registra consenso…</translation>
    </message>
    <message>
      <source>Register not taken yet</source>
      <translation>Registro non ancora compilato</translation>
    </message>
    <message>
      <source>Register to take</source>
      <translation>Registro da compilare</translation>
    </message>
    <message>
      <source>Register…</source>
      <translation>Registro presenze…</translation>
    </message>
    <message>
      <source>Reimbursement statement</source>
      <translation>Prospetto rimborsi</translation>
    </message>
    <message>
      <source>Reimbursement statement…</source>
      <translation>Prospetto rimborsi…</translation>
    </message>
    <message>
      <source>Reject</source>
      <translation>Respingi</translation>
    </message>
    <message>
      <source>Reject the entry</source>
      <translation>Respingi la voce</translation>
    </message>
    <message>
      <source>Reject the entry, giving the reason</source>
      <translation>Respingi la voce indicandone il motivo</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>Respinto</translation>
    </message>
    <message>
      <source>Reject…</source>
      <translation>Respingi…</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Elimina</translation>
    </message>
    <message>
      <source>Remove from course</source>
      <translation>Togli dal percorso</translation>
    </message>
    <message>
      <source>Remove from the meeting</source>
      <translation>Togli dall'incontro</translation>
    </message>
    <message>
      <source>Remove logo</source>
      <translation>Rimuovi logo</translation>
    </message>
    <message>
      <source>Remove session</source>
      <translation>Elimina incontro</translation>
    </message>
    <message>
      <source>Remove the session “{topic}” of {when}?</source>
      <translation>Eliminare l'incontro «{topic}» del {when}?</translation>
    </message>
    <message>
      <source>Remove {name} from the course “{title}”?</source>
      <translation>Togliere {name} dal percorso «{title}»?</translation>
    </message>
    <message>
      <source>Remove «{what}» from the list?</source>
      <translation>Eliminare «{what}» dall'elenco?</translation>
    </message>
    <message>
      <source>Replace the database with {what}?</source>
      <translation>Sostituire il database con {what}?</translation>
    </message>
    <message>
      <source>Report not saved</source>
      <translation>Resoconto non salvato</translation>
    </message>
    <message>
      <source>Report of the period…</source>
      <translation>Relazione del periodo…</translation>
    </message>
    <message>
      <source>Required field</source>
      <translation>Campo obbligatorio</translation>
    </message>
    <message>
      <source>Requirement met</source>
      <translation>Requisito soddisfatto</translation>
    </message>
    <message>
      <source>Requirement not met</source>
      <translation>Requisito non soddisfatto</translation>
    </message>
    <message>
      <source>Requirements for approval</source>
      <translation>Requisiti per l'idoneità</translation>
    </message>
    <message>
      <source>Reset filters</source>
      <translation>Azzera filtri</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>Ripristina</translation>
    </message>
    <message>
      <source>Restore a copy</source>
      <translation>Ripristino di una copia</translation>
    </message>
    <message>
      <source>Restore completed</source>
      <translation>Ripristino completato</translation>
    </message>
    <message>
      <source>Restore from a file…</source>
      <translation>Ripristina da un file…</translation>
    </message>
    <message>
      <source>Restore not done</source>
      <translation>Ripristino non eseguito</translation>
    </message>
    <message>
      <source>Restore this copy</source>
      <translation>Ripristina questa copia</translation>
    </message>
    <message>
      <source>Restore…</source>
      <translation>Ripristina…</translation>
    </message>
    <message>
      <source>Restoring the copy…</source>
      <translation>Ripristino della copia in corso…</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Riprendi</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>Rischio</translation>
    </message>
    <message>
      <source>Risk closed</source>
      <translation>Chiuso</translation>
    </message>
    <message>
      <source>Risk closed on {when} by {name}.</source>
      <translation>Rischio chiuso il {when} da {name}.</translation>
    </message>
    <message>
      <source>Risk flag</source>
      <translation>Segnalazione di rischio</translation>
    </message>
    <message>
      <source>Risk open: it stays highlighted until it is closed.</source>
      <translation>Rischio aperto: resta in evidenza finché non viene chiuso.</translation>
    </message>
    <message>
      <source>Risk still open</source>
      <translation>Rischio ancora aperto</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Ruolo</translation>
    </message>
    <message>
      <source>Role not changed</source>
      <translation>Ruolo non cambiato</translation>
    </message>
    <message>
      <source>Role of {name}:</source>
      <translation>Ruolo di {name}:</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>Riga</translation>
    </message>
    <message>
      <source>Row of the log</source>
      <translation>Riga del registro</translation>
    </message>
    <message>
      <source>Rows read: {n}</source>
      <translation>Righe lette: {n}</translation>
    </message>
    <message>
      <source>Running pairs: {n} · overdue: {overdue} · open risk flags: {risks}</source>
      <translation>Coppie in corso: {n} · in ritardo: {overdue} · segnalazioni di rischio aperte: {risks}</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Salva</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>Salva (Ctrl+S)</translation>
    </message>
    <message>
      <source>Save a copy</source>
      <translation>Salva una copia</translation>
    </message>
    <message>
      <source>Save a copy…</source>
      <translation>Salva una copia…</translation>
    </message>
    <message>
      <source>Save anyway</source>
      <translation>Salva comunque</translation>
    </message>
    <message>
      <source>Save as PDF</source>
      <translation>Salva come PDF</translation>
    </message>
    <message>
      <source>Save as PDF…</source>
      <translation>Salva come PDF…</translation>
    </message>
    <message>
      <source>Save or close the open records first, then restore again.</source>
      <translation>Salvare o chiudere prima le schede aperte, poi ripetere il ripristino.</translation>
    </message>
    <message>
      <source>Save or discard your changes to the record first.</source>
      <translation>Prima salvare o annullare le modifiche alla scheda.</translation>
    </message>
    <message>
      <source>Save the changes before signing off.</source>
      <translation>Salvare le modifiche prima di firmare.</translation>
    </message>
    <message>
      <source>Save the document as a PDF file (Ctrl+S)</source>
      <translation>Salva il documento come file PDF (Ctrl+S)</translation>
    </message>
    <message>
      <source>Save the events of the period shown in a file that Outlook, Thunderbird, Google Calendar or a phone can import. Notes and health details are never included.</source>
      <translation>Salva gli eventi del periodo visualizzato in un file importabile in Outlook, Thunderbird, Google Calendar o sul telefono. Note e dati sanitari non vengono mai inclusi.</translation>
    </message>
    <message>
      <source>Save the record first.</source>
      <translation>Salvare prima la scheda.</translation>
    </message>
    <message>
      <source>Save the report</source>
      <translation>Salva il resoconto</translation>
    </message>
    <message>
      <source>Save the report…</source>
      <translation>Salva il resoconto…</translation>
    </message>
    <message>
      <source>Save the rows of this list, as shown, as an Excel or CSV file</source>
      <translation>Salva le righe di questo elenco, così come sono mostrate, in un file Excel o CSV</translation>
    </message>
    <message>
      <source>Save your values in every field, over the other user's: their changes to these fields are lost.</source>
      <translation>Salva i tuoi valori in tutti i campi, sopra quelli dell'altro operatore: le sue modifiche a questi campi andranno perse.</translation>
    </message>
    <message>
      <source>Saved as {path}</source>
      <translation>Salvato in {path}</translation>
    </message>
    <message>
      <source>Saved by the other user</source>
      <translation>Salvato dall'altro operatore</translation>
    </message>
    <message>
      <source>Saved. Affido will use the new database the next time it starts.</source>
      <translation>Salvato. Affido userà il nuovo database dal prossimo avvio.</translation>
    </message>
    <message>
      <source>Scheduled</source>
      <translation>In programma</translation>
    </message>
    <message>
      <source>Score</source>
      <translation>Punteggio</translation>
    </message>
    <message>
      <source>Se&amp;rver name or address:</source>
      <translation>Nome o indi&amp;rizzo del server:</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Ricerca</translation>
    </message>
    <message>
      <source>Search a person: name, tax code, phone… (Ctrl+F)</source>
      <translation>Cerca una persona: nome, codice fiscale, telefono… (Ctrl+F)</translation>
    </message>
    <message>
      <source>Search by name, tax code or town</source>
      <translation>Cerca per nome, codice fiscale o comune</translation>
    </message>
    <message>
      <source>Search by the elder's or the fosterer's name</source>
      <translation>Cerca per nome dell'anziano o dell'affidatario</translation>
    </message>
    <message>
      <source>Search the guide (Ctrl+F)</source>
      <translation>Cerca nella guida (Ctrl+F)</translation>
    </message>
    <message>
      <source>See register…</source>
      <translation>Vedi registro presenze…</translation>
    </message>
    <message>
      <source>Select a candidate to see what their approval still needs.</source>
      <translation>Selezionare un candidato per vedere che cosa manca ancora per l'idoneità.</translation>
    </message>
    <message>
      <source>Select a fosterer to see the points of each criterion.</source>
      <translation>Selezionare un affidatario per vedere i punti di ogni criterio.</translation>
    </message>
    <message>
      <source>Select a note to read what was said.</source>
      <translation>Selezionare una nota per leggere quanto emerso.</translation>
    </message>
    <message>
      <source>Select all</source>
      <translation>Seleziona tutte</translation>
    </message>
    <message>
      <source>Select two fosterers to compare them side by side</source>
      <translation>Selezionare due affidatari per confrontarli affiancati</translation>
    </message>
    <message>
      <source>Selection</source>
      <translation>Selezione</translation>
    </message>
    <message>
      <source>Selection interviews</source>
      <translation>Colloqui di selezione</translation>
    </message>
    <message>
      <source>Sent to the printer ({n} pages).</source>
      <translation>Inviato alla stampante (pagine: {n}).</translation>
    </message>
    <message>
      <source>Server</source>
      <translation>Server</translation>
    </message>
    <message>
      <source>Server settings…</source>
      <translation>Impostazioni del server…</translation>
    </message>
    <message>
      <source>Session – {course}</source>
      <translation>Incontro – {course}</translation>
    </message>
    <message>
      <source>Sessions</source>
      <translation>Incontri</translation>
    </message>
    <message>
      <source>Set a new &amp;password…</source>
      <translation>Nuova &amp;password…</translation>
    </message>
    <message>
      <source>Set a new password</source>
      <translation>Imposta una nuova password</translation>
    </message>
    <message>
      <source>Set the password</source>
      <translation>Imposta la password</translation>
    </message>
    <message>
      <source>Set the password and sign in</source>
      <translation>Imposta la password e accedi</translation>
    </message>
    <message>
      <source>Setting not changed</source>
      <translation>Impostazione non modificata</translation>
    </message>
    <message>
      <source>Setting not saved</source>
      <translation>Impostazione non salvata</translation>
    </message>
    <message>
      <source>Settings not saved</source>
      <translation>Impostazioni non salvate</translation>
    </message>
    <message>
      <source>Sheet</source>
      <translation>Foglio</translation>
    </message>
    <message>
      <source>Sheet: «{sheet}».</source>
      <translation>Foglio: «{sheet}».</translation>
    </message>
    <message>
      <source>Show all {n}</source>
      <translation>Mostra tutti ({n})</translation>
    </message>
    <message>
      <source>Show every running pair</source>
      <translation>Mostra tutte le coppie in corso</translation>
    </message>
    <message>
      <source>Show excluded candidates ({n})</source>
      <translation>Mostra i candidati esclusi ({n})</translation>
    </message>
    <message>
      <source>Show suggestions</source>
      <translation>Mostra i suggerimenti</translation>
    </message>
    <message>
      <source>Show them in the list</source>
      <translation>Mostra nell'elenco</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>Mostra:</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Accedi</translation>
    </message>
    <message>
      <source>Sign in to Affido</source>
      <translation>Accesso ad Affido</translation>
    </message>
    <message>
      <source>Sign off</source>
      <translation>Firma</translation>
    </message>
    <message>
      <source>Sign off the outcome</source>
      <translation>Firma l'esito</translation>
    </message>
    <message>
      <source>Sign off the outcome “{outcome}” of this interview?
Your name, the date and the time will be recorded.</source>
      <translation>Firmare l'esito «{outcome}» di questo colloquio?
Verranno registrati il suo nome, la data e l'ora.</translation>
    </message>
    <message>
      <source>Signed form</source>
      <translation>Modulo firmato</translation>
    </message>
    <message>
      <source>Signed form (*.pdf *.jpg *.jpeg *.png)</source>
      <translation>Modulo firmato (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
      <source>Signed form: {scope}</source>
      <translation>Modulo firmato: {scope}</translation>
    </message>
    <message>
      <source>Signing off confirms the outcome “{outcome}” in your name.</source>
      <translation>Con la firma conferma a suo nome l'esito «{outcome}».</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>Dal</translation>
    </message>
    <message>
      <source>Situation</source>
      <translation>Situazione</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Dimensione</translation>
    </message>
    <message>
      <source>Skills</source>
      <translation>Competenze</translation>
    </message>
    <message>
      <source>Skills ({n})</source>
      <translation>Competenze ({n})</translation>
    </message>
    <message>
      <source>Skills and preferences</source>
      <translation>Competenze e preferenze</translation>
    </message>
    <message>
      <source>Skip</source>
      <translation>Salta</translation>
    </message>
    <message>
      <source>Skipped rows and the reason:</source>
      <translation>Righe scartate e motivo:</translation>
    </message>
    <message>
      <source>Skipped: {n} ({parts})</source>
      <translation>Scartate: {n} ({parts})</translation>
    </message>
    <message>
      <source>Some forms were not saved the last time you used Affido (the program was closed or stopped while you were typing). You can resume them now, delete them, or decide later: they will be offered again at your next login.</source>
      <translation>L'ultima volta che ha usato Affido alcune schede non sono state salvate (il programma è stato chiuso o si è interrotto mentre scriveva). Può riprenderle ora, eliminarle o decidere più tardi: le verranno proposte di nuovo al prossimo accesso.</translation>
    </message>
    <message>
      <source>Some pairs were not recorded</source>
      <translation>Alcuni abbinamenti non sono stati registrati</translation>
    </message>
    <message>
      <source>Someone else saved this record</source>
      <translation>Un altro operatore ha salvato questa scheda</translation>
    </message>
    <message>
      <source>Something went wrong inside Affido. Your open forms are still open: save your work and, if it happens again, send this file to support:
{path}</source>
      <translation>Si è verificato un errore imprevisto in Affido. I moduli aperti restano aperti: salvare il lavoro e, se l'errore si ripete, inviare all'assistenza questo file:
{path}</translation>
    </message>
    <message>
      <source>Special-category data: only the interviewers and psychologists can read these notes.</source>
      <translation>Dati particolari: queste note possono leggerle solo gli operatori che hanno condotto il colloquio e gli psicologi.</translation>
    </message>
    <message>
      <source>Spreadsheet to import</source>
      <translation>Foglio di calcolo da importare</translation>
    </message>
    <message>
      <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
      <translation>Fogli di calcolo (*.xlsx *.csv);;Tutti i file (*)</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>Operatori</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Inizio</translation>
    </message>
    <message>
      <source>Started on</source>
      <translation>Avviato il</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Stato</translation>
    </message>
    <message>
      <source>Statistics export</source>
      <translation>Esportazione statistica</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Stato</translation>
    </message>
    <message>
      <source>Status not changed</source>
      <translation>Stato non modificato</translation>
    </message>
    <message>
      <source>Still missing:</source>
      <translation>Manca ancora:</translation>
    </message>
    <message>
      <source>Still open</source>
      <translation>Ancora aperto</translation>
    </message>
    <message>
      <source>Stopped here</source>
      <translation>Fermati qui</translation>
    </message>
    <message>
      <source>Submit</source>
      <translation>Presenta</translation>
    </message>
    <message>
      <source>Suggest fosterers…</source>
      <translation>Suggerisci affidatari…</translation>
    </message>
    <message>
      <source>Suggestions for a waiting elder</source>
      <translation>Suggerimenti per un anziano in attesa</translation>
    </message>
    <message>
      <source>Suggestions for a waiting elder…</source>
      <translation>Suggerimenti per un anziano in attesa…</translation>
    </message>
    <message>
      <source>Suggestions not available</source>
      <translation>Suggerimenti non disponibili</translation>
    </message>
    <message>
      <source>Suggestions – {name}</source>
      <translation>Suggerimenti – {name}</translation>
    </message>
    <message>
      <source>Supervision</source>
      <translation>Supervisione</translation>
    </message>
    <message>
      <source>Supervision frequency of {n} pairs</source>
      <translation>Frequenza della supervisione di {n} coppie</translation>
    </message>
    <message>
      <source>Supervision frequency: {pair}</source>
      <translation>Frequenza della supervisione: {pair}</translation>
    </message>
    <message>
      <source>Supervision meeting not saved</source>
      <translation>Incontro di supervisione non salvato</translation>
    </message>
    <message>
      <source>Supervision meeting not saved yet</source>
      <translation>Incontro di supervisione non ancora salvato</translation>
    </message>
    <message>
      <source>Supervision meeting of {date}</source>
      <translation>Incontro di supervisione del {date}</translation>
    </message>
    <message>
      <source>Supervision note: {pair}</source>
      <translation>Nota di supervisione: {pair}</translation>
    </message>
    <message>
      <source>Supervision on time</source>
      <translation>Supervisione puntuale</translation>
    </message>
    <message>
      <source>Supervision report</source>
      <translation>Relazione di supervisione</translation>
    </message>
    <message>
      <source>Supervision report of a period</source>
      <translation>Relazione di supervisione del periodo</translation>
    </message>
    <message>
      <source>Tax code: {cf}</source>
      <translation>Codice fiscale: {cf}</translation>
    </message>
    <message>
      <source>Testing the connection…</source>
      <translation>Prova della connessione in corso…</translation>
    </message>
    <message>
      <source>Text (*.txt);;JSON (*.json)</source>
      <translation>Testo (*.txt);;JSON (*.json)</translation>
    </message>
    <message>
      <source>The access log could not be loaded.</source>
      <translation>Non è stato possibile caricare il registro degli accessi.</translation>
    </message>
    <message>
      <source>The access log is empty.</source>
      <translation>Il registro degli accessi è vuoto.</translation>
    </message>
    <message>
      <source>The activity of the project in the period: people, pairs, meetings, trends.</source>
      <translation>L'attività del progetto nel periodo: persone, abbinamenti, incontri, andamento.</translation>
    </message>
    <message>
      <source>The administrator creates the accounts of the other operators and sets their roles. Their password also unlocks the database.</source>
      <translation>L'amministratore crea gli account degli altri operatori e ne stabilisce il ruolo. La sua password apre anche il database.</translation>
    </message>
    <message>
      <source>The attendance register of the selected session</source>
      <translation>Il registro presenze dell'incontro selezionato</translation>
    </message>
    <message>
      <source>The backup made when Affido closes did not succeed: {reason} The database itself is unharmed.</source>
      <translation>La copia di sicurezza alla chiusura di Affido non è riuscita: {reason} Il database non ha subito danni.</translation>
    </message>
    <message>
      <source>The certificate of the authority that signed the server's certificate (a .crt or .pem file).</source>
      <translation>Il certificato dell'autorità che ha firmato il certificato del server (un file .crt o .pem).</translation>
    </message>
    <message>
      <source>The check was cancelled.</source>
      <translation>Il controllo è stato annullato.</translation>
    </message>
    <message>
      <source>The choice applies to this computer only, from the next time Affido starts. The password is kept in a private file of this computer's user, never in the settings.</source>
      <translation>La scelta vale solo per questo computer, dal prossimo avvio di Affido. La password è conservata in un file riservato all'utente di questo computer, mai nelle impostazioni.</translation>
    </message>
    <message>
      <source>The codice fiscale is the same: it is certainly the same person, and a second record cannot be saved.</source>
      <translation>Il codice fiscale è lo stesso: si tratta certamente della stessa persona e non è possibile salvare una seconda scheda.</translation>
    </message>
    <message>
      <source>The computation was stopped.</source>
      <translation>Il calcolo è stato interrotto.</translation>
    </message>
    <message>
      <source>The copy is verified first. Then:
• a copy of the database as it is now is kept in the folder of the copies (“before the restore”);
• the database goes back to the state of the copy: whatever was recorded after it is no longer in the database;
• open windows are closed and Affido closes; open it again and log in.

The other computers must not be using this database.</source>
      <translation>Prima la copia viene verificata. Poi:
• una copia del database com'è adesso viene conservata nella cartella delle copie («prima del ripristino»);
• il database torna com'era al momento della copia: quanto registrato dopo non sarà più nel database;
• le finestre aperte vengono chiuse e Affido si chiude; riaprirlo e accedere di nuovo.

Gli altri computer non devono usare questo database durante il ripristino.</translation>
    </message>
    <message>
      <source>The copy was made with another key. Type the password that {user} had when it was made:</source>
      <translation>La copia è stata fatta con un'altra chiave. Digitare la password che {user} aveva quando è stata fatta:</translation>
    </message>
    <message>
      <source>The database as it was before the restore is kept in:
{path}</source>
      <translation>Il database com'era prima del ripristino è conservato in:
{path}</translation>
    </message>
    <message>
      <source>The database has been created: print or write down the recovery code and tick the box before going on. It will not be shown again.</source>
      <translation>Il database è stato creato: stampare o trascrivere il codice di recupero e spuntare la casella prima di proseguire. Non sarà più mostrato.</translation>
    </message>
    <message>
      <source>The database is on the office's PostgreSQL server: its backups are made on the server (for example a scheduled pg_dump set up by the office's network administrator), not by Affido. Ask them how often the copies are made and where they are kept.</source>
      <translation>Il database è sul server PostgreSQL dell'ufficio: le copie di sicurezza si fanno sul server (per esempio con un pg_dump pianificato dall'amministratore di rete dell'ufficio), non con Affido. Chiedere a chi gestisce il server ogni quanto si fanno le copie e dove sono conservate.</translation>
    </message>
    <message>
      <source>The database was restored from the copy of {when}. The damaged file is kept beside the copies.</source>
      <translation>Il database è stato ripristinato dalla copia del {when}. Il file danneggiato è conservato insieme alle copie.</translation>
    </message>
    <message>
      <source>The database was restored from «{name}».</source>
      <translation>Il database è stato ripristinato da «{name}».</translation>
    </message>
    <message>
      <source>The database will be created in:
{path}</source>
      <translation>Il database sarà creato in:
{path}</translation>
    </message>
    <message>
      <source>The days and times when the elder would like company or help. Click a cell, or a day to select it all.</source>
      <translation>I giorni e gli orari in cui l'anziano desidera compagnia o aiuto. Fare clic su una casella, oppure su un giorno per selezionarlo tutto.</translation>
    </message>
    <message>
      <source>The days and times when the fosterer is available. Click a cell, or a day to select it all.</source>
      <translation>I giorni e gli orari in cui l'affidatario è disponibile. Fare clic su una casella, oppure su un giorno per selezionarlo tutto.</translation>
    </message>
    <message>
      <source>The elder's record, as saved, to print or save as PDF (Ctrl+P)</source>
      <translation>La scheda dell'anziano, con i dati salvati, da stampare o salvare in PDF (Ctrl+P)</translation>
    </message>
    <message>
      <source>The end comes before the start.</source>
      <translation>La fine viene prima dell'inizio.</translation>
    </message>
    <message>
      <source>The end of the period comes before its start.</source>
      <translation>La fine del periodo viene prima dell'inizio.</translation>
    </message>
    <message>
      <source>The entry can no longer be changed.</source>
      <translation>La voce non può più essere modificata.</translation>
    </message>
    <message>
      <source>The file cannot be read: {reason}</source>
      <translation>Il file non è leggibile: {reason}</translation>
    </message>
    <message>
      <source>The first administrator</source>
      <translation>Il primo amministratore</translation>
    </message>
    <message>
      <source>The first page of the guide</source>
      <translation>La prima pagina della guida</translation>
    </message>
    <message>
      <source>The first {shown} of {total}: type to narrow the search.</source>
      <translation>I primi {shown} di {total}: scrivere per restringere la ricerca.</translation>
    </message>
    <message>
      <source>The folder cannot be reached: connect the drive or the network folder, or choose another folder.</source>
      <translation>La cartella non è raggiungibile: collegare il disco o la cartella di rete, oppure sceglierne un'altra.</translation>
    </message>
    <message>
      <source>The fosterers of the pairs discussed appear here.</source>
      <translation>Qui compaiono gli affidatari delle coppie discusse.</translation>
    </message>
    <message>
      <source>The higher points of each criterion are in bold.</source>
      <translation>Per ogni criterio il punteggio più alto è in grassetto.</translation>
    </message>
    <message>
      <source>The image cannot be read: it may be damaged.</source>
      <translation>L'immagine non è leggibile: potrebbe essere danneggiata.</translation>
    </message>
    <message>
      <source>The image is too large ({size} KB): the logo may be at most 512 KB.</source>
      <translation>L'immagine è troppo grande ({size} KB): il logo può essere al massimo di 512 KB.</translation>
    </message>
    <message>
      <source>The interview record holds confidential notes: only the staff who held the interview and the psychologists may print it.</source>
      <translation>Il verbale contiene note riservate: possono stamparlo solo gli operatori che hanno condotto il colloquio e gli psicologi.</translation>
    </message>
    <message>
      <source>The interview record, as saved, to print or save as PDF (Ctrl+P)</source>
      <translation>Il verbale del colloquio, con i dati salvati, da stampare o salvare in PDF (Ctrl+P)</translation>
    </message>
    <message>
      <source>The key is a file kept apart from the database (created the first time). With the same key the codes stay the same from one export to the next; with another key the exports cannot be linked. Do not send the key with the files.</source>
      <translation>La chiave è un file conservato separato dal database (creato la prima volta). Con la stessa chiave i codici restano uguali da un'esportazione all'altra; con un'altra chiave le esportazioni non si possono collegare. Non inviare la chiave insieme ai file.</translation>
    </message>
    <message>
      <source>The list could not be loaded.</source>
      <translation>Non è stato possibile caricare l'elenco.</translation>
    </message>
    <message>
      <source>The meetings held in the period, pair by pair:</source>
      <translation>Gli incontri svolti nel periodo, abbinamento per abbinamento:</translation>
    </message>
    <message>
      <source>The month of the statement:</source>
      <translation>Il mese del prospetto:</translation>
    </message>
    <message>
      <source>The new language will be used the next time Affido starts.</source>
      <translation>La nuova lingua sarà usata al prossimo avvio di Affido.</translation>
    </message>
    <message>
      <source>The new rate applies to the entries made from now on. Entries already recorded keep the rate they were made with, so their amounts do not change.</source>
      <translation>La nuova tariffa si applica alle voci registrate da ora in poi. Le voci già registrate mantengono la tariffa con cui sono state inserite: i loro importi non cambiano.</translation>
    </message>
    <message>
      <source>The newest verified copy is of {when} ({name}). Restoring it brings the database back to that moment: whatever was recorded afterwards is lost. The damaged file is kept beside the copies.</source>
      <translation>La copia verificata più recente è del {when} ({name}). Ripristinandola, il database torna a quel momento: quanto registrato dopo andrà perso. Il file danneggiato viene conservato insieme alle copie.</translation>
    </message>
    <message>
      <source>The note was not found: it may have been deleted.</source>
      <translation>Nota non trovata: potrebbe essere stata eliminata.</translation>
    </message>
    <message>
      <source>The notes of the meeting are confidential: only who led it, the staff who took part and the psychologists can read and write them.</source>
      <translation>Le note dell'incontro sono riservate: possono leggerle e scriverle solo chi lo ha condotto, gli operatori presenti e gli psicologi.</translation>
    </message>
    <message>
      <source>The organisation's name appears on printed documents; it can be changed later under Tools → Document letterhead.</source>
      <translation>Il nome dell'ente compare sui documenti stampati; si può cambiare in seguito da Strumenti → Intestazione dei documenti.</translation>
    </message>
    <message>
      <source>The other fields ({n}) are the same in both copies.</source>
      <translation>Gli altri campi ({n}) sono uguali nelle due versioni.</translation>
    </message>
    <message>
      <source>The outcome has already been signed off: changing it withdraws the sign-offs, and the interviewers will have to sign it off again.
Save the new outcome?</source>
      <translation>L'esito è già stato firmato: modificandolo si annullano le firme e gli operatori dovranno firmarlo di nuovo.
Salvare il nuovo esito?</translation>
    </message>
    <message>
      <source>The page seen after (Alt+Right)</source>
      <translation>La pagina vista dopo (Alt+Destra)</translation>
    </message>
    <message>
      <source>The page seen before (Alt+Left)</source>
      <translation>La pagina vista prima (Alt+Sinistra)</translation>
    </message>
    <message>
      <source>The pair {elder} – {fosterer} has been proposed.</source>
      <translation>L'abbinamento {elder} – {fosterer} è stato proposto.</translation>
    </message>
    <message>
      <source>The password cannot be the username.</source>
      <translation>La password non può essere uguale al nome utente.</translation>
    </message>
    <message>
      <source>The password must be:</source>
      <translation>La password deve essere:</translation>
    </message>
    <message>
      <source>The password must have at least {n} characters.</source>
      <translation>La password deve avere almeno {n} caratteri.</translation>
    </message>
    <message>
      <source>The password of the database user (it can stay empty when the server does not ask for one).</source>
      <translation>La password dell'utente del database (può restare vuota se il server non la chiede).</translation>
    </message>
    <message>
      <source>The period cannot be longer than ten years.</source>
      <translation>Il periodo non può superare dieci anni.</translation>
    </message>
    <message>
      <source>The person's data have been saved in:
{json}
{pdf}

The files hold personal data: give them only to the person concerned, and delete any other copy.</source>
      <translation>I dati della persona sono stati salvati in:
{json}
{pdf}

I file contengono dati personali: consegnarli solo alla persona interessata ed eliminarne ogni altra copia.</translation>
    </message>
    <message>
      <source>The plan could not be computed.</source>
      <translation>Non è stato possibile calcolare il piano.</translation>
    </message>
    <message>
      <source>The printer could not be started: check that it is on and connected.</source>
      <translation>Non è stato possibile avviare la stampante: controllare che sia accesa e collegata.</translation>
    </message>
    <message>
      <source>The rate in force when an entry is made is kept with the entry.</source>
      <translation>La tariffa in vigore quando si registra una voce resta associata alla voce.</translation>
    </message>
    <message>
      <source>The rate in the settings is not valid: enter the right one.</source>
      <translation>La tariffa nelle impostazioni non è valida: inserire quella corretta.</translation>
    </message>
    <message>
      <source>The rate must be more than zero.</source>
      <translation>La tariffa deve essere maggiore di zero.</translation>
    </message>
    <message>
      <source>The reason is kept with the entry and shown to the staff.</source>
      <translation>Il motivo resta registrato con la voce ed è visibile agli operatori.</translation>
    </message>
    <message>
      <source>The record cannot be anonymised:</source>
      <translation>La scheda non può essere anonimizzata:</translation>
    </message>
    <message>
      <source>The record has been changed since: your values will be applied to the current record.</source>
      <translation>La scheda è stata modificata nel frattempo: i suoi valori verranno applicati alla scheda attuale.</translation>
    </message>
    <message>
      <source>The record no longer exists: the draft cannot be resumed.</source>
      <translation>La scheda non esiste più: la bozza non può essere ripresa.</translation>
    </message>
    <message>
      <source>The record now shows what the other user saved; your changes have been discarded.</source>
      <translation>La scheda ora mostra ciò che ha salvato l'altro operatore; le tue modifiche sono state scartate.</translation>
    </message>
    <message>
      <source>The record of this draft no longer exists.</source>
      <translation>La scheda di questa bozza non esiste più.</translation>
    </message>
    <message>
      <source>The record of this interview (its sections, free notes and recommendation) is confidential: only the staff who conducted it and psychologists may read it. For the same reason only they may change its outcome and interviewers.</source>
      <translation>Il verbale di questo colloquio (sezioni, note libere e indicazioni) è riservato: possono leggerlo solo gli operatori che lo hanno condotto e gli psicologi. Per lo stesso motivo solo loro possono modificarne l'esito e gli operatori.</translation>
    </message>
    <message>
      <source>The record was changed by someone after your draft: your unsaved values have been applied to the current record. Check them before saving.</source>
      <translation>Dopo la sua bozza qualcuno ha modificato la scheda: i suoi valori non salvati sono stati applicati alla scheda attuale. Li controlli prima di salvare.</translation>
    </message>
    <message>
      <source>The recovery code</source>
      <translation>Il codice di recupero</translation>
    </message>
    <message>
      <source>The recovery sheet has been saved{where}: print it, keep it in a safe, then delete the file.</source>
      <translation>Il foglio di recupero è stato salvato{where}: stamparlo, conservarlo in cassaforte, poi eliminare il file.</translation>
    </message>
    <message>
      <source>The recovery sheet has been sent to the printer.</source>
      <translation>Il foglio di recupero è stato inviato alla stampante.</translation>
    </message>
    <message>
      <source>The register of this session has not been taken yet.</source>
      <translation>Il registro presenze di questo incontro non è ancora stato compilato.</translation>
    </message>
    <message>
      <source>The requirements for entering the project are met.</source>
      <translation>I requisiti di accesso al progetto sono soddisfatti.</translation>
    </message>
    <message>
      <source>The requirements for entering the project are not met yet.</source>
      <translation>I requisiti di accesso al progetto non sono ancora soddisfatti.</translation>
    </message>
    <message>
      <source>The rows of the log cannot be changed or deleted; “Row of the log” is the number the database check refers to.</source>
      <translation>Le righe del registro non si possono modificare né cancellare; «Riga del registro» è il numero a cui si riferisce il controllo dell'archivio.</translation>
    </message>
    <message>
      <source>The session no longer exists: it may have been removed.</source>
      <translation>L'incontro non esiste più: potrebbe essere stato eliminato.</translation>
    </message>
    <message>
      <source>The sign-in sheet of the selected session, with a column for the signatures</source>
      <translation>Il registro presenze dell'incontro selezionato, con la colonna per le firme</translation>
    </message>
    <message>
      <source>The sign-in sheet of this session, with a column for the signatures (Ctrl+P)</source>
      <translation>Il registro presenze dell'incontro, con la colonna per le firme (Ctrl+P)</translation>
    </message>
    <message>
      <source>The statement of one month's reimbursements of the selected entry's fosterer</source>
      <translation>Il prospetto dei rimborsi di un mese per l'affidatario della voce selezionata</translation>
    </message>
    <message>
      <source>The statement of one month's reimbursements, to print or save as PDF</source>
      <translation>Il prospetto dei rimborsi di un mese, da stampare o salvare in PDF</translation>
    </message>
    <message>
      <source>The supervision report of every pair over a period, to print or save as PDF</source>
      <translation>La relazione di supervisione di tutti gli abbinamenti in un periodo, da stampare o salvare in PDF</translation>
    </message>
    <message>
      <source>The texts of this note are confidential: only psychologists and the staff who led or took part in the meeting may read them.</source>
      <translation>I testi di questa nota sono riservati: possono leggerli solo gli psicologi e gli operatori che hanno condotto l'incontro o vi hanno partecipato.</translation>
    </message>
    <message>
      <source>The texts of this note are confidential: only who led the meeting, the staff who took part and the psychologists can read them. The wellbeing levels, the risk flag and the dates are shown.</source>
      <translation>I testi di questa nota sono riservati: possono leggerli solo chi ha condotto l'incontro, gli operatori presenti e gli psicologi. Sono visibili i livelli di benessere, la segnalazione di rischio e le date.</translation>
    </message>
    <message>
      <source>The two passwords are different: type the same one twice.</source>
      <translation>Le due password sono diverse: scrivere due volte la stessa.</translation>
    </message>
    <message>
      <source>The window stays open with what you wrote: copy what you need before closing it.</source>
      <translation>La finestra resta aperta con quello che hai scritto: copia ciò che ti serve prima di chiuderla.</translation>
    </message>
    <message>
      <source>There are no copies in this folder yet.</source>
      <translation>In questa cartella non ci sono ancora copie.</translation>
    </message>
    <message>
      <source>There is no list to export here.</source>
      <translation>In questa sezione non c'è un elenco da esportare.</translation>
    </message>
    <message>
      <source>These elders are already on file and may be the same person.</source>
      <translation>Questi anziani sono già registrati e potrebbero essere la stessa persona.</translation>
    </message>
    <message>
      <source>These fosterers are already on file and may be the same person.</source>
      <translation>Questi affidatari sono già registrati e potrebbero essere la stessa persona.</translation>
    </message>
    <message>
      <source>This computer is set to use the office's PostgreSQL server. Check the server settings, or ask whoever manages the server.</source>
      <translation>Questo computer è impostato per usare il server PostgreSQL dell'ufficio. Controllare le impostazioni del server, oppure rivolgersi a chi gestisce il server.</translation>
    </message>
    <message>
      <source>This consent has already been withdrawn.</source>
      <translation>Questo consenso è già stato revocato.</translation>
    </message>
    <message>
      <source>This is the demo: every account's password is “{password}”.</source>
      <translation>È la versione dimostrativa: la password di tutti gli account è «{password}».</translation>
    </message>
    <message>
      <source>This kind of file cannot be shown here: save a copy to open it with another program.</source>
      <translation>Questo tipo di file non si può mostrare qui: salvarne una copia per aprirlo con un altro programma.</translation>
    </message>
    <message>
      <source>This pair has not been discussed in supervision yet.</source>
      <translation>Questo abbinamento non è ancora stato discusso in supervisione.</translation>
    </message>
    <message>
      <source>This session is on {date}: its register can be taken from the day of the session.</source>
      <translation>L'incontro è previsto il {date}: il registro presenze si potrà compilare a partire dal giorno dell'incontro.</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>Anno in corso</translation>
    </message>
    <message>
      <source>Three CSV files (elders, fosterers, pairs) with birth year, sex, comune, statuses and dates: no names, no codice fiscale, no contacts. Each person and pair gets a code computed with a secret key instead of its number.</source>
      <translation>Tre file CSV (anziani, affidatari, abbinamenti) con anno di nascita, sesso, comune, stati e date: nessun nome, nessun codice fiscale, nessun recapito. Al posto del numero della scheda, ogni persona e ogni abbinamento ha un codice calcolato con una chiave segreta.</translation>
    </message>
    <message>
      <source>Throw the draft away</source>
      <translation>Elimina la bozza</translation>
    </message>
    <message>
      <source>Tick the pairs discussed in the meeting.</source>
      <translation>Selezionare le coppie discusse nell'incontro.</translation>
    </message>
    <message>
      <source>Tick the staff who conducted the interview.</source>
      <translation>Spuntare gli operatori che hanno condotto il colloquio.</translation>
    </message>
    <message>
      <source>Tick yourself among the staff taking part to write them.</source>
      <translation>Per scriverle, selezionare il proprio nome tra gli operatori presenti.</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>Cronologia</translation>
    </message>
    <message>
      <source>To</source>
      <translation>Al</translation>
    </message>
    <message>
      <source>To decide and to pay</source>
      <translation>Da decidere e da liquidare</translation>
    </message>
    <message>
      <source>To import: {n}</source>
      <translation>Da importare: {n}</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>Oggi</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Totale</translation>
    </message>
    <message>
      <source>Total for the year</source>
      <translation>Totale dell'anno</translation>
    </message>
    <message>
      <source>Total score: {total}</source>
      <translation>Punteggio totale: {total}</translation>
    </message>
    <message>
      <source>Total: {total}</source>
      <translation>Totale: {total}</translation>
    </message>
    <message>
      <source>Total: {total} ({km} km, {costs} of costs) in {n} entries, rejected ones left out</source>
      <translation>Totale: {total} ({km} km, {costs} di spese) in {n} voci, escluse quelle respinte</translation>
    </message>
    <message>
      <source>Total: —</source>
      <translation>Totale: —</translation>
    </message>
    <message>
      <source>Town</source>
      <translation>Comune</translation>
    </message>
    <message>
      <source>Training</source>
      <translation>Formazione</translation>
    </message>
    <message>
      <source>Training course – {title}</source>
      <translation>Percorso formativo – {title}</translation>
    </message>
    <message>
      <source>Training courses</source>
      <translation>Percorsi formativi</translation>
    </message>
    <message>
      <source>Training required for approval: complete.</source>
      <translation>Formazione richiesta per l'idoneità: completata.</translation>
    </message>
    <message>
      <source>Training required for approval: not complete yet.</source>
      <translation>Formazione richiesta per l'idoneità: non ancora completata.</translation>
    </message>
    <message>
      <source>Travel and number of elders</source>
      <translation>Spostamenti e numero di anziani</translation>
    </message>
    <message>
      <source>Two fosterers selected: press Compare to see them side by side.</source>
      <translation>Due affidatari selezionati: premere «Confronta» per vederli affiancati.</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Tipo</translation>
    </message>
    <message>
      <source>Type a name, tax code, phone or town</source>
      <translation>Scrivere nome, codice fiscale, telefono o comune</translation>
    </message>
    <message>
      <source>Type a username.</source>
      <translation>Scrivere un nome utente.</translation>
    </message>
    <message>
      <source>Type the administrator's first and last name.</source>
      <translation>Scrivere nome e cognome dell'amministratore.</translation>
    </message>
    <message>
      <source>Type the organisation's name.</source>
      <translation>Scrivere il nome dell'ente.</translation>
    </message>
    <message>
      <source>Type the recovery code.</source>
      <translation>Scrivere il codice di recupero.</translation>
    </message>
    <message>
      <source>Type to search the comune</source>
      <translation>Digitare per cercare il comune</translation>
    </message>
    <message>
      <source>Type your current password.</source>
      <translation>Scrivere la password attuale.</translation>
    </message>
    <message>
      <source>Type your password.</source>
      <translation>Scriva la password.</translation>
    </message>
    <message>
      <source>Type your username.</source>
      <translation>Scrivere il nome utente.</translation>
    </message>
    <message>
      <source>Type {word} to confirm:</source>
      <translation>Per confermare scrivere {word}:</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>Annulla modifica</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>Errore imprevisto</translation>
    </message>
    <message>
      <source>Unfold a pair to read the points and the reason of each criterion</source>
      <translation>Espandere un abbinamento per leggere i punti e le motivazioni di ogni criterio</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation>Modifiche non salvate</translation>
    </message>
    <message>
      <source>Unsaved drafts</source>
      <translation>Bozze non salvate</translation>
    </message>
    <message>
      <source>Up to date</source>
      <translation>In regola</translation>
    </message>
    <message>
      <source>Username</source>
      <translation>Nome utente</translation>
    </message>
    <message>
      <source>Valid</source>
      <translation>Valido</translation>
    </message>
    <message>
      <source>View…</source>
      <translation>Visualizza…</translation>
    </message>
    <message>
      <source>Waiting for a decision</source>
      <translation>In attesa di decisione</translation>
    </message>
    <message>
      <source>Week</source>
      <translation>Settimana</translation>
    </message>
    <message>
      <source>Welcome to Affido</source>
      <translation>Benvenuti in Affido</translation>
    </message>
    <message>
      <source>Went further</source>
      <translation>Passati alla fase successiva</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Quando</translation>
    </message>
    <message>
      <source>When you opened it</source>
      <translation>Quando l'hai aperta</translation>
    </message>
    <message>
      <source>While you were editing this record, another user saved it.</source>
      <translation>Mentre modificavi questa scheda, un altro operatore l'ha salvata.</translation>
    </message>
    <message>
      <source>While you were editing «{what}», another user saved the same record.</source>
      <translation>Mentre modificavi «{what}», un altro operatore ha salvato la stessa scheda.</translation>
    </message>
    <message>
      <source>Who consulted or changed the records of {name}, in the period chosen</source>
      <translation>Chi ha consultato o modificato i dati di {name}, nel periodo scelto</translation>
    </message>
    <message>
      <source>Who consulted this record</source>
      <translation>Chi ha consultato questa scheda</translation>
    </message>
    <message>
      <source>Who consulted, changed or printed this person's records, and when: the access register to print or save as PDF</source>
      <translation>Chi ha consultato, modificato o stampato i dati di questa persona, e quando: il registro degli accessi da stampare o salvare in PDF</translation>
    </message>
    <message>
      <source>Who consulted, changed, printed or exported what, and when. The log cannot be changed; looking at it is recorded too.</source>
      <translation>Chi ha consultato, modificato, stampato o esportato che cosa, e quando. Il registro non si può modificare; anche la sua consultazione viene registrata.</translation>
    </message>
    <message>
      <source>Who took part</source>
      <translation>Presenti</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>Motivo</translation>
    </message>
    <message>
      <source>Why not</source>
      <translation>Motivi dell'esclusione</translation>
    </message>
    <message>
      <source>Why this score</source>
      <translation>Perché questo punteggio</translation>
    </message>
    <message>
      <source>With a running pair now</source>
      <translation>Con un abbinamento in corso</translation>
    </message>
    <message>
      <source>With an open risk flag</source>
      <translation>Con segnalazione di rischio aperta</translation>
    </message>
    <message>
      <source>Withdraw consent</source>
      <translation>Revoca del consenso</translation>
    </message>
    <message>
      <source>Withdraw consent: {scope}</source>
      <translation>Revoca del consenso: {scope}</translation>
    </message>
    <message>
      <source>Withdrawn</source>
      <translation>Revocato</translation>
    </message>
    <message>
      <source>Withdrawn on</source>
      <translation>Revocato il</translation>
    </message>
    <message>
      <source>Withdraw…</source>
      <translation>Revoca…</translation>
    </message>
    <message>
      <source>Without a new password you cannot work in Affido. Quit now?</source>
      <translation>Senza una nuova password non si può lavorare in Affido. Uscire ora?</translation>
    </message>
    <message>
      <source>Writing the file…</source>
      <translation>Scrittura del file…</translation>
    </message>
    <message>
      <source>Wrong password. Try again.</source>
      <translation>Password errata. Riprovi.</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>Anno</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>Sì</translation>
    </message>
    <message>
      <source>You signed off this outcome on {when}.</source>
      <translation>Ha firmato questo esito il {when}.</translation>
    </message>
    <message>
      <source>Your changes</source>
      <translation>Le tue modifiche</translation>
    </message>
    <message>
      <source>Your open forms are kept just as you left them.</source>
      <translation>Le schede aperte restano come le ha lasciate.</translation>
    </message>
    <message>
      <source>Your password</source>
      <translation>La sua password</translation>
    </message>
    <message>
      <source>Your password has been changed.</source>
      <translation>La password è stata cambiata.</translation>
    </message>
    <message>
      <source>Your password was set by an administrator: choose a new one, known only to you, before you start working.</source>
      <translation>La password è stata impostata da un amministratore: sceglierne una nuova, nota solo a sé, prima di iniziare a lavorare.</translation>
    </message>
    <message>
      <source>Your profile can consult the register but not change it.</source>
      <translation>Il suo profilo consente di consultare il registro ma non di modificarlo.</translation>
    </message>
    <message>
      <source>Your profile cannot change the status of pairs.</source>
      <translation>Il suo profilo non consente di cambiare lo stato degli abbinamenti.</translation>
    </message>
    <message>
      <source>Your profile cannot record interviews.</source>
      <translation>Il suo profilo non consente di registrare colloqui.</translation>
    </message>
    <message>
      <source>Your profile cannot see any kind of event.</source>
      <translation>Il suo profilo non consente di vedere alcun tipo di evento.</translation>
    </message>
    <message>
      <source>Your profile does not allow exporting data.</source>
      <translation>Il suo profilo non consente di esportare i dati.</translation>
    </message>
    <message>
      <source>Your profile does not allow exporting people's data.</source>
      <translation>Il suo profilo non consente di esportare i dati delle persone.</translation>
    </message>
    <message>
      <source>Your profile does not allow printing this document.</source>
      <translation>Il suo profilo non consente di stampare questo documento.</translation>
    </message>
    <message>
      <source>Zoom in</source>
      <translation>Ingrandisci</translation>
    </message>
    <message>
      <source>Zoom in (Ctrl++)</source>
      <translation>Ingrandisci (Ctrl++)</translation>
    </message>
    <message>
      <source>Zoom out</source>
      <translation>Riduci</translation>
    </message>
    <message>
      <source>Zoom out (Ctrl+-)</source>
      <translation>Riduci (Ctrl+-)</translation>
    </message>
    <message>
      <source>a .crt or .pem file</source>
      <translation>un file .crt o .pem</translation>
    </message>
    <message>
      <source>accepted {a}, rejected {r}, to decide {p}</source>
      <translation>accettati {a}, respinti {r}, da decidere {p}</translation>
    </message>
    <message>
      <source>active</source>
      <translation>attivo</translation>
    </message>
    <message>
      <source>already on file {n}</source>
      <translation>già in archivio {n}</translation>
    </message>
    <message>
      <source>an operator</source>
      <translation>un operatore</translation>
    </message>
    <message>
      <source>at least {n} characters</source>
      <translation>lunga almeno {n} caratteri</translation>
    </message>
    <message>
      <source>average {avg}</source>
      <translation>media {avg}</translation>
    </message>
    <message>
      <source>changed by both, differently: {n} (check them)</source>
      <translation>cambiati da entrambi in modo diverso: {n} (da controllare)</translation>
    </message>
    <message>
      <source>changed by both: check the choice</source>
      <translation>cambiato da entrambi: controlla la scelta</translation>
    </message>
    <message>
      <source>changed by the other user</source>
      <translation>cambiato dall'altro operatore</translation>
    </message>
    <message>
      <source>changed by you</source>
      <translation>cambiato da te</translation>
    </message>
    <message>
      <source>changed by you: {n}</source>
      <translation>cambiati da te: {n}</translation>
    </message>
    <message>
      <source>compatibility {score}/100</source>
      <translation>compatibilità {score}/100</translation>
    </message>
    <message>
      <source>dd/mm/yyyy</source>
      <translation>gg/mm/aaaa</translation>
    </message>
    <message>
      <source>dd/mm/yyyy hh:mm</source>
      <translation>gg/mm/aaaa hh:mm</translation>
    </message>
    <message>
      <source>dd/mm/yyyy hh:mm, or only hh:mm</source>
      <translation>gg/mm/aaaa hh:mm, oppure solo hh:mm</translation>
    </message>
    <message>
      <source>deactivated</source>
      <translation>disattivato</translation>
    </message>
    <message>
      <source>decided on {date}</source>
      <translation>deciso il {date}</translation>
    </message>
    <message>
      <source>different from the username</source>
      <translation>diversa dal nome utente</translation>
    </message>
    <message>
      <source>duplicates in the file {n}</source>
      <translation>doppioni nel file {n}</translation>
    </message>
    <message>
      <source>e.g. Anna Bianchi</source>
      <translation>es. Anna Bianchi</translation>
    </message>
    <message>
      <source>e.g. Consorzio Ovest Solidale</source>
      <translation>es. Consorzio Ovest Solidale</translation>
    </message>
    <message>
      <source>e.g. hospital stay, holidays</source>
      <translation>es. ricovero, vacanze</translation>
    </message>
    <message>
      <source>e.g. m.rossi</source>
      <translation>es. m.rossi</translation>
    </message>
    <message>
      <source>e.g. server.ufficio.local or 192.168.1.10</source>
      <translation>es. server.ufficio.local oppure 192.168.1.10</translation>
    </message>
    <message>
      <source>ended on {date}</source>
      <translation>concluso il {date}</translation>
    </message>
    <message>
      <source>enrolled on {date}</source>
      <translation>iscritto il {date}</translation>
    </message>
    <message>
      <source>every {n} days</source>
      <translation>ogni {n} giorni</translation>
    </message>
    <message>
      <source>iCalendar files (*.ics)</source>
      <translation>File iCalendar (*.ics)</translation>
    </message>
    <message>
      <source>import report</source>
      <translation>resoconto importazione</translation>
    </message>
    <message>
      <source>imported</source>
      <translation>importata</translation>
    </message>
    <message>
      <source>invalid data {n}</source>
      <translation>dati non validi {n}</translation>
    </message>
    <message>
      <source>never</source>
      <translation>mai</translation>
    </message>
    <message>
      <source>no longer active</source>
      <translation>non più in servizio</translation>
    </message>
    <message>
      <source>no open risk flag</source>
      <translation>nessuna segnalazione di rischio aperta</translation>
    </message>
    <message>
      <source>none</source>
      <translation>nessuna</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>nessuno finora</translation>
    </message>
    <message>
      <source>not marked: {n}</source>
      <translation>da indicare: {n}</translation>
    </message>
    <message>
      <source>not on file</source>
      <translation>non presente</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>non impostata</translation>
    </message>
    <message>
      <source>not signed off yet</source>
      <translation>non ancora firmato</translation>
    </message>
    <message>
      <source>on file and valid</source>
      <translation>presente e in corso di validità</translation>
    </message>
    <message>
      <source>on file but expired</source>
      <translation>presente ma scaduto</translation>
    </message>
    <message>
      <source>optional session (not core)</source>
      <translation>incontro facoltativo (non obbligatorio)</translation>
    </message>
    <message>
      <source>paid: {amount}</source>
      <translation>liquidati: {amount}</translation>
    </message>
    <message>
      <source>planned return {date}</source>
      <translation>ripresa prevista il {date}</translation>
    </message>
    <message>
      <source>provisional</source>
      <translation>provvisoria</translation>
    </message>
    <message>
      <source>required</source>
      <translation>richiesta</translation>
    </message>
    <message>
      <source>set</source>
      <translation>impostata</translation>
    </message>
    <message>
      <source>shared PostgreSQL database</source>
      <translation>database PostgreSQL condiviso</translation>
    </message>
    <message>
      <source>signed off on {when}</source>
      <translation>firmato il {when}</translation>
    </message>
    <message>
      <source>since today</source>
      <translation>da oggi</translation>
    </message>
    <message>
      <source>skipped: already on file</source>
      <translation>scartata: già in archivio</translation>
    </message>
    <message>
      <source>skipped: duplicate in the file</source>
      <translation>scartata: doppione nel file</translation>
    </message>
    <message>
      <source>skipped: invalid data</source>
      <translation>scartata: dati non validi</translation>
    </message>
    <message>
      <source>started on {date}</source>
      <translation>avviato il {date}</translation>
    </message>
    <message>
      <source>supervision {frequency}</source>
      <translation>supervisione {frequency}</translation>
    </message>
    <message>
      <source>the copy of {when}</source>
      <translation>la copia del {when}</translation>
    </message>
    <message>
      <source>the file «{name}»</source>
      <translation>il file «{name}»</translation>
    </message>
    <message>
      <source>to</source>
      <translation>a</translation>
    </message>
    <message>
      <source>to import</source>
      <translation>da importare</translation>
    </message>
    <message>
      <source>trainer: {name}</source>
      <translation>formatore: {name}</translation>
    </message>
    <message>
      <source>typed the same way twice</source>
      <translation>scritta due volte uguale</translation>
    </message>
    <message>
      <source>until</source>
      <translation>al</translation>
    </message>
    <message>
      <source>verify the certificate</source>
      <translation>verifica del certificato</translation>
    </message>
    <message>
      <source>verify the certificate and the name</source>
      <translation>verifica del certificato e del nome</translation>
    </message>
    <message>
      <source>{age} years</source>
      <translation>{age} anni</translation>
    </message>
    <message>
      <source>{count} entries</source>
      <translation>{count} voci</translation>
    </message>
    <message>
      <source>{count} records will be anonymised for good: names, codice fiscale, contacts, notes and free texts are deleted, with reference people, household, documents and attached files. This cannot be undone.</source>
      <translation>Le schede selezionate ({count}) saranno anonimizzate definitivamente: nomi, codice fiscale, recapiti, note e testi liberi vengono eliminati, insieme a persone di riferimento, nucleo familiare, documenti e file allegati. L'operazione non si può annullare.</translation>
    </message>
    <message>
      <source>{criterion}: {points} — {why}</source>
      <translation>{criterion}: {points} — {why}</translation>
    </message>
    <message>
      <source>{days} days</source>
      <translation>{days} giorni</translation>
    </message>
    <message>
      <source>{document}: {state}</source>
      <translation>{document}: {state}</translation>
    </message>
    <message>
      <source>{done} of {total} rows…</source>
      <translation>{done} righe su {total}…</translation>
    </message>
    <message>
      <source>{done} pairs recorded; these could not be:</source>
      <translation>{done} abbinamenti registrati; questi non è stato possibile registrarli:</translation>
    </message>
    <message>
      <source>{entries}, total {total} · waiting for a decision: {waiting} · approved, to be paid: {to_pay}</source>
      <translation>{entries}, totale {total} · in attesa di decisione: {waiting} · approvate, da liquidare: {to_pay}</translation>
    </message>
    <message>
      <source>{field}: the other user's value</source>
      <translation>{field}: valore dell'altro operatore</translation>
    </message>
    <message>
      <source>{field}: your value</source>
      <translation>{field}: il tuo valore</translation>
    </message>
    <message>
      <source>{km} km × {rate} €/km = {amount}</source>
      <translation>{km} km × {rate} €/km = {amount}</translation>
    </message>
    <message>
      <source>{km} km × {rate} €/km = {amount}, plus costs {costs}</source>
      <translation>{km} km × {rate} €/km = {amount}, più spese {costs}</translation>
    </message>
    <message>
      <source>{month} (up to {date})</source>
      <translation>{month} (fino al {date})</translation>
    </message>
    <message>
      <source>{name} — {comune} — waiting since {date} ({days} days)</source>
      <translation>{name} — {comune} — in attesa dal {date} ({days} giorni)</translation>
    </message>
    <message>
      <source>{name} — {comune} — {status}</source>
      <translation>{name} — {comune} — {status}</translation>
    </message>
    <message>
      <source>{name} — {comune}, waiting since {date}</source>
      <translation>{name} — {comune}, in attesa dal {date}</translation>
    </message>
    <message>
      <source>{name} — {kind}, {comune}</source>
      <translation>{name} — {kind}, {comune}</translation>
    </message>
    <message>
      <source>{name} — {kind}, {comune}, born {born}</source>
      <translation>{name} — {kind}, {comune}, nato/a il {born}</translation>
    </message>
    <message>
      <source>{name} — {reason}</source>
      <translation>{name} — {reason}</translation>
    </message>
    <message>
      <source>{name} — {stage} since {date} ({days} days)</source>
      <translation>{name} — {stage} dal {date} ({days} giorni)</translation>
    </message>
    <message>
      <source>{name}: 1 compatible fosterer.</source>
      <translation>{name}: 1 affidatario compatibile.</translation>
    </message>
    <message>
      <source>{name}: no compatible fosterer at the moment.</source>
      <translation>{name}: al momento nessun affidatario compatibile.</translation>
    </message>
    <message>
      <source>{name}: now «{status}» since {date}.</source>
      <translation>{name}: attualmente «{status}» dal {date}.</translation>
    </message>
    <message>
      <source>{name}: {n} compatible fosterers, best first.</source>
      <translation>{name}: {n} affidatari compatibili, dal più adatto.</translation>
    </message>
    <message>
      <source>{name}: {n} compatible fosterers; the best {shown} are listed, best first.</source>
      <translation>{name}: {n} affidatari compatibili; sono elencati i migliori {shown}, dal più adatto.</translation>
    </message>
    <message>
      <source>{n} candidates</source>
      <translation>{n} candidati</translation>
    </message>
    <message>
      <source>{n} elders</source>
      <translation>{n} anziani</translation>
    </message>
    <message>
      <source>{n} events from {start} to {end} saved in {path}</source>
      <translation>{n} eventi dal {start} al {end} salvati in {path}</translation>
    </message>
    <message>
      <source>{n} fosterers</source>
      <translation>{n} affidatari</translation>
    </message>
    <message>
      <source>{n} meetings</source>
      <translation>{n} incontri</translation>
    </message>
    <message>
      <source>{n} of {needed}</source>
      <translation>{n} su {needed}</translation>
    </message>
    <message>
      <source>{n} open risk flags</source>
      <translation>{n} segnalazioni di rischio aperte</translation>
    </message>
    <message>
      <source>{n} pages contain “{text}”:</source>
      <translation>{n} pagine contengono «{text}»:</translation>
    </message>
    <message>
      <source>{n} pairs</source>
      <translation>{n} abbinamenti</translation>
    </message>
    <message>
      <source>{n} pairs proposed for {m} elders waiting. Accept the ones you agree with: each accepted pair is recorded as «proposed».</source>
      <translation>{n} abbinamenti proposti per {m} anziani in attesa. Accettare quelli condivisi: ogni abbinamento accettato viene registrato come «proposto».</translation>
    </message>
    <message>
      <source>{n} pairs to supervise</source>
      <translation>{n} coppie da supervisionare</translation>
    </message>
    <message>
      <source>{n} rows</source>
      <translation>{n} righe</translation>
    </message>
    <message>
      <source>{n} rows saved in {path}</source>
      <translation>{n} righe salvate in {path}</translation>
    </message>
    <message>
      <source>{n} staff members</source>
      <translation>{n} operatori</translation>
    </message>
    <message>
      <source>{n} waiting elders already have a pair in progress and were not considered.</source>
      <translation>{n} anziani in attesa hanno già un abbinamento in corso e non sono stati considerati.</translation>
    </message>
    <message>
      <source>{pairs}, {risks}</source>
      <translation>{pairs}, {risks}</translation>
    </message>
    <message>
      <source>{pair}: due today</source>
      <translation>{pair}: prevista oggi</translation>
    </message>
    <message>
      <source>{pair}: now «{status}» since {date}.</source>
      <translation>{pair}: ora «{status}» dal {date}.</translation>
    </message>
    <message>
      <source>{pair}: overdue by 1 day</source>
      <translation>{pair}: in ritardo di 1 giorno</translation>
    </message>
    <message>
      <source>{pair}: overdue by {n} days</source>
      <translation>{pair}: in ritardo di {n} giorni</translation>
    </message>
    <message>
      <source>{pair}: risk flagged on {date}</source>
      <translation>{pair}: rischio segnalato il {date}</translation>
    </message>
    <message>
      <source>{points} of {share}</source>
      <translation>{points} su {share}</translation>
    </message>
    <message>
      <source>{present} present out of {enrolled}</source>
      <translation>{present} presenti su {enrolled}</translation>
    </message>
    <message>
      <source>{score} out of 100</source>
      <translation>{score} su 100</translation>
    </message>
    <message>
      <source>{stage}: {total} reached this stage</source>
      <translation>{stage}: {total} hanno raggiunto questa fase</translation>
    </message>
    <message>
      <source>{stage}: {what}</source>
      <translation>{stage}: {what}</translation>
    </message>
    <message>
      <source>{status} (reopening)</source>
      <translation>{status} (riapertura)</translation>
    </message>
    <message>
      <source>{status} (start)</source>
      <translation>{status} (inizio)</translation>
    </message>
    <message>
      <source>{status} since {date}</source>
      <translation>{status} dal {date}</translation>
    </message>
    <message>
      <source>{title} – {subject}</source>
      <translation>{title} – {subject}</translation>
    </message>
    <message>
      <source>{title}: {n}</source>
      <translation>{title}: {n}</translation>
    </message>
    <message>
      <source>{what} — {month}</source>
      <translation>{what} — {month}</translation>
    </message>
    <message>
      <source>{what}: {n}</source>
      <translation>{what}: {n}</translation>
    </message>
    <message>
      <source>{what}: {n} pairs</source>
      <translation>{what}: {n} abbinamenti</translation>
    </message>
    <message>
      <source>— do not import —</source>
      <translation>— non importare —</translation>
    </message>
    <message>
      <source>“Merge” keeps, for each field, the value you ticked: the other user's where only they changed it, yours where you changed it.</source>
      <translation>«Unisci» tiene, per ogni campo, il valore selezionato: quello dell'altro operatore dove solo lui l'ha cambiato, il tuo dove l'hai cambiato tu.</translation>
    </message>
    <message>
      <source>“Mi affido a te” — daytime foster care for older people</source>
      <translation>«Mi affido a te» — affido diurno di persone anziane</translation>
    </message>
    <message>
      <source>“{title}”: {attended} of {required} required meetings attended</source>
      <translation>«{title}»: frequentati {attended} incontri obbligatori su {required}</translation>
    </message>
    <message>
      <source>… and {n} more</source>
      <translation>… e altre {n}</translation>
    </message>
    <message>
      <source>…and {n} more (open the fosterers' registry to see them all)</source>
      <translation>…e altri {n} (aprire l'elenco degli affidatari per vederli tutti)</translation>
    </message>
    <message>
      <source>⚠ changed by both</source>
      <translation>⚠ cambiato da entrambi</translation>
    </message>
    <message>
      <source>✓ after a name: that interviewer signed off the outcome.</source>
      <translation>✓ dopo un nome: quell'operatore ha firmato l'esito.</translation>
    </message>
  </context>
</TS>
